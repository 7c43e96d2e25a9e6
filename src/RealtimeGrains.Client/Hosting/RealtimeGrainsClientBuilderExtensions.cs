using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using RealtimeGrains.Client.Scheduling;

namespace RealtimeGrains.Client.Hosting;

/// <summary>The one registration entry point of the client side.</summary>
public static class RealtimeGrainsClientBuilderExtensions
{
    /// <summary>
    /// Connects an Orleans client to a RealtimeGrains cluster: static gateway list, cluster identity,
    /// and bounded retry of the initial connection.
    /// </summary>
    public static IClientBuilder AddRealtimeGrainsClient(this IClientBuilder builder, Action<RealtimeGrainsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new RealtimeGrainsClientOptions();
        configure?.Invoke(options);
        var gateways = options.ResolveGateways();

        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.UseStaticClustering([.. gateways]);
        builder.Configure<ClusterOptions>(c =>
        {
            c.ClusterId = options.ClusterId;
            c.ServiceId = options.ServiceId;
        });
        builder.UseConnectionRetryFilter<BoundedConnectionRetry>();
        builder.AddTaskSchedulingClient();
        return builder;
    }
}
