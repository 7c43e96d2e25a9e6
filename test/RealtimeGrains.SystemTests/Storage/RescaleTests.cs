using RealtimeGrains.Testing;
using System.Globalization;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.SystemTests.Failover;
using RealtimeGrains.SystemTests.Infrastructure;

namespace RealtimeGrains.SystemTests.Storage;

/// <summary>
/// A real silo on Redis storage, restarted with the stream's partition count changed (16, 32, 8): every key keeps
/// its count, because state is stored by bucket and each partition loads the buckets it owns now.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RescaleTests(RedisServer redis)
{
    private const int Keys = 3_000;

    [Fact]
    public async Task RedisStorage_PartitionsChangedBetweenRestarts_EveryKeyKeepsItsCount()
    {
        var name = $"rescale-{Guid.NewGuid():N}"[..20];
        var round = 0;
        foreach (var partitions in new[] { 16, 32, 8 })
        {
            round++;
            await using var cluster = await RedisCluster.StartAsync(redis, name, 1, new Dictionary<string, string>
            {
                ["RealtimeGrains__Streaming__Streams__events__Partitions"] = partitions.ToString(CultureInfo.InvariantCulture),
            });
            await using var connection = await cluster.ConnectAsync();
            var queries = new StreamQueries(connection.Client);
            await AssertCountsAsync(queries, round - 1);

            await using (var producer = new StreamProducer(connection.Client))
            {
                for (var i = 0; i < Keys; i++)
                {
                    await producer.PublishAsync("events", Key(i), "x"u8.ToArray());
                }

                await producer.FlushAsync();
                Assert.Equal(Keys, producer.Statistics.EventsAcked);
            }

            await AssertCountsAsync(queries, round);
            var stats = await queries.GetStatsAsync("events");
            Assert.Equal((partitions, Keys), (stats.Partitions.Count, stats.Total.Keys));
        }
    }

    private static async Task AssertCountsAsync(StreamQueries queries, long expected)
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, Keys).Select(async i => (await queries.GetKeyAsync("events", Key(i)))?.Count ?? 0));
        Assert.All(counts, c => Assert.Equal(expected, c));
    }

    private static string Key(int i) => string.Create(CultureInfo.InvariantCulture, $"sensor-{i}");
}
