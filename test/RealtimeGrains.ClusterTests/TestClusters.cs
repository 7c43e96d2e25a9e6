using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Hosting;

namespace RealtimeGrains.ClusterTests;

/// <summary>In-process clusters wired like the silo host: configuration, then <c>AddRealtimeGrains()</c>, and a RealtimeGrains client.</summary>
internal static class TestClusters
{
    /// <summary>
    /// Deploys <paramref name="silos"/> silos whose configuration is <paramref name="settings"/> of each silo's name,
    /// <paramref name="options"/> set in code, and <paramref name="configure"/> run after <c>AddRealtimeGrains</c>.
    /// </summary>
    public static async Task<InProcessTestCluster> DeployAsync(
        Func<string, IReadOnlyDictionary<string, string?>> settings, int silos = 2, Action<ISiloBuilder>? configure = null,
        Action<RealtimeGrainsOptions>? options = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSiloHost((silo, host) => host.Configuration.AddInMemoryCollection(settings(silo.SiloName)));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddRealtimeGrains(options);
            configure?.Invoke(silo);
        });
        builder.ConfigureClient(client => client.AddRealtimeGrainsClient(o => o.Gateways.Clear()));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
