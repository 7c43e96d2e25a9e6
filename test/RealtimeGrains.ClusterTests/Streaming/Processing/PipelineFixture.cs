using Orleans.TestingHost;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.ClusterTests.Streaming.Processing;

/// <summary>Two silos with processors that emit, chain, submit tasks and set timers.</summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["RealtimeGrains:Storage:Provider"] = "memory",
        ["RealtimeGrains:Streaming:Streams:orders:Processor"] = "order-totals",
        ["RealtimeGrains:Streaming:Streams:orders:Partitions"] = "4",
        ["RealtimeGrains:Streaming:Streams:orders:Output"] = "order-totals",
        ["RealtimeGrains:Streaming:Streams:order-totals:Processor"] = "none",
        ["RealtimeGrains:Streaming:Streams:order-totals:Partitions"] = "2",
        ["RealtimeGrains:Streaming:Streams:audits:Processor"] = "none",
        ["RealtimeGrains:Streaming:Streams:audits:Partitions"] = "2",
        ["RealtimeGrains:Streaming:Streams:audits:Retain"] = "10",
        ["RealtimeGrains:Streaming:Streams:hop1:Processor"] = "forward",
        ["RealtimeGrains:Streaming:Streams:hop1:Partitions"] = "4",
        ["RealtimeGrains:Streaming:Streams:hop1:Output"] = "hop2",
        ["RealtimeGrains:Streaming:Streams:hop2:Processor"] = "forward",
        ["RealtimeGrains:Streaming:Streams:hop2:Partitions"] = "3",
        ["RealtimeGrains:Streaming:Streams:hop2:Output"] = "hop3",
        ["RealtimeGrains:Streaming:Streams:hop3:Processor"] = "count",
        ["RealtimeGrains:Streaming:Streams:hop3:Partitions"] = "2",
        ["RealtimeGrains:Streaming:Streams:reminders:Processor"] = "reminder",
        ["RealtimeGrains:Streaming:Streams:reminders:Partitions"] = "2",
        ["RealtimeGrains:Streaming:Streams:reminders:Output"] = "reminded",
        ["RealtimeGrains:Streaming:Streams:reminded:Processor"] = "none",
        ["RealtimeGrains:Streaming:Streams:reminded:Partitions"] = "2",
    };

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync() => Cluster = await TestClusters.DeployAsync(_ => Settings, configure: silo => silo
        .AddKeyedProcessor<OrderTotalsProcessor>("order-totals")
        .AddKeyedProcessor<ForwardProcessor>("forward")
        .AddKeyedProcessor<ReminderProcessor>("reminder"));

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
