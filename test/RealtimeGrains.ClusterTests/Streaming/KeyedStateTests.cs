using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming.State;
using RealtimeGrains.Testing;

namespace RealtimeGrains.ClusterTests.Streaming;

/// <summary>
/// Keyed state across cluster restarts (a store shared by the clusters a test deploys, as a durable one is):
/// a stream's partition count changes and every key keeps its state; keys not updated for the TTL expire.
/// </summary>
public sealed class KeyedStateTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PartitionsChangedBetweenRestarts_16To32To8_EveryKeyKeepsItsCount()
    {
        const int keys = 2_000;
        var store = new SharedStateStore();
        foreach (var (partitions, round) in new[] { (16, 1), (32, 2), (8, 3) })
        {
            var cluster = await DeployAsync(store, partitions);
            try
            {
                if (round > 1)
                {
                    await AssertCountsAsync(cluster, keys, expected: round - 1);
                }

                await PublishOnePerKeyAsync(cluster, keys);
                await AssertCountsAsync(cluster, keys, expected: round);
                var stats = await new StreamQueries(cluster.Client).GetStatsAsync("resized");
                Assert.Equal(partitions, stats.Partitions.Count);
                Assert.Equal(keys, stats.Total.Keys);
            }
            finally
            {
                await cluster.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task KeyTtl_KeysNotUpdated_ExpireAndStayGoneAfterRestart()
    {
        var store = new SharedStateStore();
        var settings = new Dictionary<string, string?>(Settings(4)) { ["RealtimeGrains:Streaming:Streams:resized:KeyTtlMs"] = "1000" };
        var cluster = await TestClusters.DeployAsync(_ => settings, configure: silo => silo.Services.AddSingleton<IPartitionStateStore>(store));
        try
        {
            await PublishOnePerKeyAsync(cluster, 500);
            var queries = new StreamQueries(cluster.Client);
            await Eventually.TrueAsync(async () => (await queries.GetStatsAsync("resized")).Total is { Keys: 0, KeysExpired: 500 }, Wait, "every key expired");
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        cluster = await DeployAsync(store, 4);
        try
        {
            var total = (await new StreamQueries(cluster.Client).GetStatsAsync("resized")).Total;
            Assert.Equal((0, 500), (total.Keys, total.KeysExpired));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Settings(int partitions) => new(ClusterFixture.SiloSettings)
    {
        ["RealtimeGrains:Streaming:Streams:resized:Processor"] = "count",
        ["RealtimeGrains:Streaming:Streams:resized:Partitions"] = partitions.ToString(CultureInfo.InvariantCulture),
    };

    private static Task<InProcessTestCluster> DeployAsync(SharedStateStore store, int partitions) =>
        TestClusters.DeployAsync(_ => Settings(partitions), configure: silo => silo.Services.AddSingleton<IPartitionStateStore>(store));

    private static async Task PublishOnePerKeyAsync(InProcessTestCluster cluster, int keys)
    {
        await using var producer = new StreamProducer(cluster.Client);
        for (var i = 0; i < keys; i++)
        {
            await producer.PublishAsync("resized", Key(i), "x"u8.ToArray());
        }

        await producer.FlushAsync();
        Assert.Equal(keys, producer.Statistics.EventsAcked);
    }

    private static async Task AssertCountsAsync(InProcessTestCluster cluster, int keys, long expected)
    {
        var queries = new StreamQueries(cluster.Client);
        var counts = await Task.WhenAll(Enumerable.Range(0, keys).Select(async i => (await queries.GetKeyAsync("resized", Key(i)))?.Count ?? 0));
        Assert.All(counts, c => Assert.Equal(expected, c));
    }

    private static string Key(int i) => string.Create(CultureInfo.InvariantCulture, $"device-{i}");
}
