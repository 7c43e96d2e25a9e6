using Orleans.TestingHost;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.ClusterTests.Streaming;

/// <summary>
/// Two silos whose streams retain outputs (the last 100 per key) for subscription tests, plus one that retains none.
/// <c>resumed</c> belongs to the one test that follows every key of a stream while deactivating its partitions.
/// Events published to a retaining stream are its outputs, so these tests need no processor that emits.
/// </summary>
public sealed class OutputsClusterFixture : IAsyncLifetime
{
    public static readonly Dictionary<string, string?> SiloSettings = new()
    {
        ["RealtimeGrains:Storage:Provider"] = "memory",
        ["RealtimeGrains:Streaming:Streams:outs:Processor"] = "count",
        ["RealtimeGrains:Streaming:Streams:outs:Partitions"] = "4",
        ["RealtimeGrains:Streaming:Streams:outs:Retain"] = "100",
        ["RealtimeGrains:Streaming:Streams:resumed:Processor"] = "count",
        ["RealtimeGrains:Streaming:Streams:resumed:Partitions"] = "4",
        ["RealtimeGrains:Streaming:Streams:resumed:Retain"] = "100",
        ["RealtimeGrains:Streaming:Streams:typed:Processor"] = "count",
        ["RealtimeGrains:Streaming:Streams:typed:Partitions"] = "2",
        ["RealtimeGrains:Streaming:Streams:typed:Retain"] = "100",
        ["RealtimeGrains:Streaming:Streams:unretained:Processor"] = "count",
        ["RealtimeGrains:Streaming:Streams:unretained:Partitions"] = "2",
        ["RealtimeGrains:Streaming:Streams:unretained:Retain"] = "0",
    };

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>
    /// A producer whose events of a key are applied in publish order, which tests of payloads rely on: with one batch in
    /// flight per partition, batches cannot overtake each other on the way.
    /// </summary>
    public StreamProducer OrderedProducer() => new(Client, new ProducerOptions { MaxInFlightPerPartition = 1 });

    public async Task InitializeAsync() => Cluster = await TestClusters.DeployAsync(_ => SiloSettings);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class OutputsClusterCollection : ICollectionFixture<OutputsClusterFixture>
{
    public const string Name = "outputs";
}
