using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Failover;

/// <summary>
/// Redis crashes (SIGKILL) under a running two-silo cluster and comes back with its append-only file:
/// silos keep serving active grains meanwhile, then checkpoints, membership and joins work again and
/// no acknowledged event is lost.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisRestartTests(ITestOutputHelper output)
{
    private const string Stream = "events";
    private const int Keys = 200;

    [Fact]
    public async Task Redis_KilledAndRestartedUnderLoad_SilosKeepServingAndRecover()
    {
        await using var redis = await RedisServer.StartPersistentAsync();
        await using var cluster = await RedisCluster.StartAsync(redis, "redis-restart", 2);
        await using var connection = await cluster.ConnectAsync();
        var queries = new StreamQueries(connection.Client);
        var producer = new StreamProducer(connection.Client, new ProducerOptions { AckTimeout = TimeSpan.FromSeconds(2), MaxAttempts = 100 });
        await using var _ = producer;
        await PublishAsync(producer, 20_000);
        await producer.FlushAsync();

        await redis.KillAsync();
        var down = Stopwatch.StartNew();
        var servedWhileDown = await queries.GetKeyAsync(Stream, Key(0));
        var membershipWhileDown = await Record.ExceptionAsync(() => Membership.ActiveCountAsync(connection.Client));
        // Publishing goes on beside the outage: with no checkpoint written, no batch is acknowledged, so once the
        // windows are full the publisher waits for room that only Redis' return gives (awaiting it here would deadlock
        // whenever the 20,000 events need more batches than the windows hold, as on a loaded machine).
        var publishing = Task.Run(() => PublishAsync(producer, 20_000));
        // Stay down until batches went unacknowledged past the ack timeout: checkpoints could not be written.
        await Eventually.TrueAsync(() => publishing.IsFaulted ? Task.FromException<bool>(publishing.Exception!.InnerException!) : Task.FromResult(producer.Statistics.BatchesResent > 0), TimeSpan.FromSeconds(30),
            "the producer to resend batches whose checkpoints failed while Redis was down");
        await redis.RestartAsync();
        var downFor = down.Elapsed;
        await publishing.WaitAsync(TimeSpan.FromMinutes(2));

        var flushed = Stopwatch.StartNew();
        await producer.FlushAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var flushAfterRestart = flushed.Elapsed;
        await cluster.RestartAsync(new SiloPorts(FreePorts.Next(), FreePorts.Next(), FreePorts.Next()), 3);
        await Eventually.TrueAsync(() => ActiveCountOrNoneAsync(connection.Client, 3), TimeSpan.FromSeconds(60),
            "a silo started after the Redis restart to join");

        var counts = await Task.WhenAll(Enumerable.Range(0, Keys).Select(k => queries.GetKeyAsync(Stream, Key(k))));
        output.WriteLine($"Redis down for {downFor.TotalMilliseconds:0} ms; flush after restart took {flushAfterRestart.TotalMilliseconds:0} ms; " +
            $"producer resent {producer.Statistics.BatchesResent} batches; membership read while down: {membershipWhileDown?.GetType().Name}: {membershipWhileDown?.Message}");
        Assert.Equal(100, servedWhileDown!.Count);
        // The membership table lives in Redis: reading it fails, with the Redis error itself, not a codec error.
        Assert.NotNull(membershipWhileDown);
        Assert.IsNotType<Orleans.Serialization.CodecNotFoundException>(membershipWhileDown);
        Assert.Contains("Redis", membershipWhileDown.GetType().FullName + membershipWhileDown.Message, StringComparison.Ordinal);
        Assert.Equal(40_000, counts.Sum(c => c!.Count));
        Assert.Equal(40_000, producer.Statistics.EventsAcked);
    }

    private static async Task PublishAsync(StreamProducer producer, int events)
    {
        for (var i = 0; i < events; i++)
        {
            await producer.PublishAsync(Stream, Key(i % Keys), "x");
        }
    }

    private static string Key(int k) => "key-" + k.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether <paramref name="expected"/> silos are active. A silo's connection to the restarted Redis may still be
    /// re-establishing: its membership read then fails with the Redis error, which only means "not yet".
    /// </summary>
    private static async Task<bool> ActiveCountOrNoneAsync(IClusterClient client, int expected)
    {
        try
        {
            return await Membership.ActiveCountAsync(client) == expected;
        }
        catch (StackExchange.Redis.RedisConnectionException)
        {
            return false;
        }
    }
}
