using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace RealtimeGrains.Hosting;

/// <summary>
/// Checks <see cref="StorageOptions"/> at start together with what the chosen providers need: Redis or
/// PostgreSQL connection settings, or, for <c>external</c>, a grain storage the host registered under the name given.
/// </summary>
internal sealed class StorageOptionsValidator(
    IOptions<RedisOptions> redis, IOptions<PostgreSqlOptions> postgreSql, IServiceProviderIsKeyedService keyed) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = options.Validate().ToList();
        var provider = $"{StorageOptions.Section}:Provider";
        errors.AddRange(redis.Value.Validate(options.UsesRedis, options.StreamState.Length > 0 ? $"{StorageOptions.Section}:StreamState" : provider));
        errors.AddRange(postgreSql.Value.Validate(options.UsesPostgreSql, provider));
        if (errors.Count == 0 && string.Equals(options.Provider, "external", StringComparison.OrdinalIgnoreCase)
            && !keyed.IsKeyedService(typeof(IGrainStorage), options.GrainStorageName))
        {
            errors.Add(OptionCheck.Error($"{StorageOptions.Section}:GrainStorageName", options.GrainStorageName,
                "the name of a grain storage registered on this silo (e.g. siloBuilder.AddMemoryGrainStorage(name)); none is registered under this name"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
