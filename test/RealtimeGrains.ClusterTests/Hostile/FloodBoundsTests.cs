using System.Diagnostics;
using Orleans.TestingHost;
using RealtimeGrains.ClusterTests.Streaming;
using RealtimeGrains.Streaming;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.ClusterTests.Hostile;

/// <summary>
/// One client floods a partition with distinct producer ids and distinct keys: what the partition remembers stays
/// within <c>MaxProducersPerPartition</c> and <c>MaxKeysPerPartition</c> (small here so the flood is short), and
/// the keys it holds keep working.
/// </summary>
public sealed class FloodBoundsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxProducers = 64, MaxKeys = 500, Flood = 2_000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.DeployAsync(_ => new Dictionary<string, string?>
    {
        ["RealtimeGrains:Storage:Provider"] = "memory",
        ["RealtimeGrains:Streaming:MaxProducersPerPartition"] = MaxProducers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RealtimeGrains:Streaming:MaxKeysPerPartition"] = MaxKeys.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RealtimeGrains:Streaming:Streams:flood:Processor"] = "count",
        ["RealtimeGrains:Streaming:Streams:flood:Partitions"] = "1",
    }, silos: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task DistinctProducersAndKeys_Flood_PartitionKeepsItsBoundsAndHeldKeysStillApply()
    {
        var client = _cluster.Client;
        var observer = new RecordingAckObserver();
        var replyTo = client.CreateObjectReference<IBatchAckObserver>(observer);
        var ingress = client.GetGrain<IStreamIngressGrain>(0);
        var partition = client.GetGrain<IPartitionGrain>("flood/0");
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, Flood), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            await ingress.Publish(Attack.Reseal(Attack.Sealed("flood", 0, $"flood-key-{i}") with { ReplyTo = replyTo }), CancellationToken.None));
        await Eventually.TrueAsync(() => Task.FromResult(observer.Acks.Sum(a => a.Sequences.Length) == Flood), Wait, $"{Flood} batches acknowledged");
        var stats = await partition.GetStats();
        output.WriteLine($"{Flood} producers x 1 new key in {clock.ElapsedMilliseconds} ms: {stats.Producers} producers and {stats.Keys} keys held, {stats.EventsRejected} events refused");

        Assert.Empty(observer.Rejections);
        Assert.InRange(stats.Producers, 1, MaxProducers);
        Assert.Equal(MaxKeys, stats.Keys);
        Assert.Equal(MaxKeys, stats.EventsApplied);
        Assert.Equal(Flood - MaxKeys, stats.EventsRejected);

        var held = "";
        for (var i = 0; held.Length == 0; i++)
        {
            held = await partition.GetKey($"flood-key-{i}") is { } view ? view.Key : "";
        }

        await partition.Deliver(Attack.Sealed("flood", 0, held, "flood-key-new"));
        var after = await partition.GetStats();
        Assert.Equal(MaxKeys + 1, after.EventsApplied);
        Assert.Equal(Flood - MaxKeys + 1, after.EventsRejected);
        Assert.Null(await partition.GetKey("flood-key-new"));
    }
}
