using Orleans.TestingHost;
using RealtimeGrains.Hosting;

namespace RealtimeGrains.ClusterTests;

/// <summary>
/// Two in-process silos wired through the same <see cref="RealtimeGrainsSiloBuilderExtensions.AddRealtimeGrains"/>
/// the silo host uses, plus a client. Shared by every test in <see cref="ClusterCollection"/>.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Configuration every silo of the fixture gets, on top of the built-in defaults.</summary>
    public static readonly Dictionary<string, string?> SiloSettings = new()
    {
        ["RealtimeGrains:Storage:Provider"] = "memory",
        ["RealtimeGrains:Streaming:Streams:events:Processor"] = "count",
        ["RealtimeGrains:Streaming:Streams:events:Partitions"] = "8",
        ["RealtimeGrains:Streaming:Streams:sums:Processor"] = "sum",
        ["RealtimeGrains:Streaming:Streams:sums:Partitions"] = "4",
        ["RealtimeGrains:Streaming:Streams:lasts:Processor"] = "last",
        ["RealtimeGrains:Streaming:Streams:lasts:Partitions"] = "4",
        ["RealtimeGrains:Streaming:Streams:ranged:Processor"] = "count",
        ["RealtimeGrains:Streaming:Streams:ranged:Partitions"] = "3",
        ["RealtimeGrains:Streaming:Streams:ranged:Partitioning"] = "range",
        ["RealtimeGrains:Streaming:Streams:ranged:Boundaries:0"] = "g",
        ["RealtimeGrains:Streaming:Streams:ranged:Boundaries:1"] = "p",
        ["RealtimeGrains:Scheduler:RetryBackoffMs"] = "20",
        ["RealtimeGrains:Scheduler:LeaseGraceMs"] = "2000",
    };

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        Cluster = await TestClusters.DeployAsync(_ => SiloSettings);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
