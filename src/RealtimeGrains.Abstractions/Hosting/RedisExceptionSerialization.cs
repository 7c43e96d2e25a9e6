using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace RealtimeGrains.Hosting;

/// <summary>
/// Lets StackExchange.Redis exceptions travel in grain responses. Orleans only serializes exceptions from
/// allowed namespaces; without this a silo whose Redis is down answers a client with a
/// <c>CodecNotFoundException</c> instead of the Redis error itself.
/// </summary>
public static class RedisExceptionSerialization
{
    /// <summary>Adds <c>StackExchange.Redis</c> to the exception namespaces Orleans serializes.</summary>
    public static IServiceCollection AllowRedisExceptionsOnTheWire(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("StackExchange.Redis"));
}
