using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;
using RealtimeGrains.Client.Scheduling;

namespace RealtimeGrains.Client.Hosting;

/// <summary>The one registration entry point of the client side.</summary>
public static class RealtimeGrainsClientBuilderExtensions
{
    /// <summary>
    /// Connects an Orleans client to a RealtimeGrains cluster: static gateway list, cluster identity,
    /// bounded retry of the initial connection, and the event stream provider. An empty gateway list
    /// leaves clustering and cluster identity to the caller (another clustering provider, a test cluster).
    /// </summary>
    public static IClientBuilder AddRealtimeGrainsClient(this IClientBuilder builder, Action<RealtimeGrainsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new RealtimeGrainsClientOptions();
        configure?.Invoke(options);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (options.Gateways.Count > 0)
        {
            builder.UseStaticClustering([.. options.ResolveGateways()]);
            builder.Configure<ClusterOptions>(c =>
            {
                c.ClusterId = options.ClusterId;
                c.ServiceId = options.ServiceId;
            });
            builder.UseConnectionRetryFilter<BoundedConnectionRetry>();
        }

        builder.AddMemoryStreams(EventStreamProvider.Name, s => s.ConfigurePartitioning(EventStreamProvider.QueueCount));
        builder.Services.AddSingleton(sp => new StreamQueries(sp.GetRequiredService<IClusterClient>()));
        builder.Services.AddSingleton(sp => new StreamProducer(
            sp.GetRequiredService<IClusterClient>(),
            sp.GetService<IOptions<ProducerOptions>>()?.Value,
            sp.GetRequiredService<TimeProvider>()));
        builder.AddTaskSchedulingClient();
        return builder;
    }
}
