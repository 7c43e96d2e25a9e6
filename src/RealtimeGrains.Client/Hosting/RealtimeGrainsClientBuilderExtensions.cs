using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Hosting;
using RealtimeGrains.Streaming;
using RealtimeGrains.Client.Scheduling;

namespace RealtimeGrains.Client.Hosting;

/// <summary>The one registration entry point of the client side.</summary>
public static class RealtimeGrainsClientBuilderExtensions
{
    /// <summary>
    /// Connects an Orleans client to a RealtimeGrains cluster: gateways from Redis (when
    /// <see cref="RealtimeGrainsClientOptions.RedisConnectionString"/> is set) or a static list, cluster
    /// identity, bounded retry of the initial connection, retry of calls that fail because a silo is gone,
    /// and the event stream provider. No Redis and an empty gateway list leave clustering and cluster
    /// identity to the caller (another clustering provider, a test cluster).
    /// </summary>
    public static IClientBuilder AddRealtimeGrainsClient(this IClientBuilder builder, Action<RealtimeGrainsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new RealtimeGrainsClientOptions();
        configure?.Invoke(options);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        builder.Services.TryAddSingleton(TimeProvider.System);
        var redis = options.RedisConnectionString.Length > 0;
        if (redis)
        {
            builder.UseRedisClustering(r => r.ConfigurationOptions = RedisConfiguration(options.RedisConnectionString));
            builder.Configure<GatewayOptions>(g => g.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        }
        else if (options.Gateways.Count > 0)
        {
            builder.UseStaticClustering([.. options.ResolveGateways()]);
        }

        if (redis || options.Gateways.Count > 0)
        {
            builder.Configure<ClusterOptions>(c =>
            {
                c.ClusterId = options.ClusterId;
                c.ServiceId = options.ServiceId;
            });
            builder.UseConnectionRetryFilter<BoundedConnectionRetry>();
        }

        builder.Configure<ClientMessagingOptions>(m => m.ResponseTimeout = options.ResponseTimeout);
        builder.AddOutgoingGrainCallFilter<ClientErrorFilter>();
        builder.AddOutgoingGrainCallFilter<SiloLossRetryFilter>();
        builder.AddMemoryStreams(EventStreamProvider.Name, s => s.ConfigurePartitioning(EventStreamProvider.QueueCount));
        builder.Services.AddSingleton(sp => new StreamQueries(sp.GetRequiredService<IClusterClient>()));
        builder.Services.AddSingleton(sp => new StreamProducer(
            sp.GetRequiredService<IClusterClient>(),
            sp.GetService<IOptions<ProducerOptions>>()?.Value,
            sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new OutputSubscriber(
            sp.GetRequiredService<IClusterClient>(),
            sp.GetService<IOptions<OutputSubscriberOptions>>()?.Value,
            sp.GetRequiredService<TimeProvider>()));
        builder.AddTaskSchedulingClient();
        builder.Services.AllowRedisExceptionsOnTheWire();
        return builder;
    }

    private static StackExchange.Redis.ConfigurationOptions RedisConfiguration(string connectionString)
    {
        try
        {
            var configuration = StackExchange.Redis.ConfigurationOptions.Parse(connectionString);
            configuration.AbortOnConnectFail = false;
            return configuration;
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"RedisConnectionString is not a valid StackExchange.Redis connection string: {ex.Message}", ex);
        }
    }
}
