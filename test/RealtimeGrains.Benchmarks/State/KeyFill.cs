using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// Adds keys <c>fill-{from}</c> … <c>fill-{to - 1}</c> to a stream, one event each, as fast as the silo takes them:
/// empty payloads, batches of up to 8,192 events, two publishers on disjoint halves, every event acknowledged
/// before it returns. The hot load's keys (<c>key-N</c>) are never among them.
/// </summary>
internal static class KeyFill
{
    public const string Prefix = "fill-";

    /// <summary>Ack timeout of the fill's producer: a batch of 8,192 new keys takes longer to apply and checkpoint than a hot one.</summary>
    public static readonly TimeSpan BatchAckTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The producer settings of the fill: many keys per batch, so per-batch costs (CRC, stream hop, ack, checkpoint) are shared.</summary>
    public static ProducerOptions Producer() => new()
    {
        MaxBatchEvents = 8_192,
        MaxBatchBytes = 512 * 1024,
        // A partition that falls more than the stream cache's retention (2 s) behind its queue misses batches, which
        // then wait out the ack timeout: keep about half a second of fill work in flight, not several seconds.
        MaxInFlightPerPartition = 4,
        AckTimeout = BatchAckTimeout,
        MaxAttempts = 50,
    };

    /// <summary>Publishes the new keys and waits for every acknowledgement; returns the keys added per second and the batches resent.</summary>
    public static async Task<(double KeysPerSecond, long Resent)> RunAsync(IClusterClient client, string stream, long from, long to)
    {
        if (to <= from)
        {
            return (0, 0);
        }

        const int publishers = 2;
        var producer = new StreamProducer(client, Producer());
        await using var _ = producer;
        var clock = Stopwatch.StartNew();
        using var progress = new Timer(
            _ =>
            {
                var acked = producer.Statistics.EventsAcked;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"state: fill {from + acked:N0}/{to:N0} keys ({acked / clock.Elapsed.TotalSeconds:N0} keys/s)"));
            },
            null,
            TimeSpan.FromSeconds(5),
            TimeSpan.FromSeconds(5));
        await Task.WhenAll(Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            for (var k = from + p; k < to; k += publishers)
            {
                await producer.PublishAsync(stream, Prefix + k.ToString(CultureInfo.InvariantCulture), ReadOnlyMemory<byte>.Empty);
            }
        })));
        await producer.FlushAsync();
        return ((to - from) / clock.Elapsed.TotalSeconds, producer.Statistics.BatchesResent);
    }
}
