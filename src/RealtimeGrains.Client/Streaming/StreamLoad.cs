using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace RealtimeGrains.Client.Streaming;

/// <summary>A load run: N events over K keys, optionally paced, payloads of a fixed size.</summary>
public sealed record StreamLoadPlan(string Stream, long Events, int Keys, double? RatePerSecond = null, int PayloadBytes = 64, int Publishers = 1);

/// <summary>What a load run measured.</summary>
public sealed record StreamLoadReport(
    string Stream,
    long Sent,
    long Acked,
    long Resent,
    long Rejections,
    long Corrupted,
    long SiloCrcFailures,
    double Seconds,
    double EventsPerSecond,
    double AckP50Ms,
    double AckP99Ms,
    double AckMaxMs);

/// <summary>Drives a producer with a <see cref="StreamLoadPlan"/> and waits for every acknowledgement (used by <c>rtg load</c> and the benchmarks).</summary>
public static class StreamLoad
{
    /// <summary>Runs the plan; <paramref name="progress"/> is called about once a second with (published, acked).</summary>
    public static Task<StreamLoadReport> RunAsync(
        IClusterClient client, StreamLoadPlan plan, ProducerOptions? options = null, Action<long, long>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(client, plan, options, corruptFraction: 0, progress, cancellationToken);

    /// <summary>As the public overload, with fault injection (<c>rtg load --corrupt-rate</c>).</summary>
    internal static async Task<StreamLoadReport> RunAsync(
        IClusterClient client, StreamLoadPlan plan, ProducerOptions? options, double corruptFraction, Action<long, long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Events < 1 || plan.Keys < 1 || plan.PayloadBytes < 0 || plan.Publishers < 1 || plan.RatePerSecond is <= 0)
        {
            throw new ArgumentException("load plan needs events >= 1, keys >= 1, payload bytes >= 0, publishers >= 1 and a positive rate");
        }

        var queries = new StreamQueries(client);
        var crcBefore = (await queries.GetStatsAsync(plan.Stream).ConfigureAwait(false)).Total.CrcFailures;
        var keys = Enumerable.Range(0, plan.Keys).Select(k => "key-" + k.ToString(CultureInfo.InvariantCulture)).ToArray();
        var payload = Encoding.ASCII.GetBytes(new string('x', plan.PayloadBytes));
        var producer = new StreamProducer(client, options, time: null, corruptFraction);
        await using var _ = producer.ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        using var reporter = progress is null ? null : new Timer(_ => progress(producer.Statistics.EventsPublished, producer.Statistics.EventsAcked), null, 1000, 1000);

        var ratePerPublisher = plan.RatePerSecond / plan.Publishers;
        await Task.WhenAll(Enumerable.Range(0, plan.Publishers).Select(p => Task.Run(async () =>
        {
            var share = plan.Events / plan.Publishers + (p < plan.Events % plan.Publishers ? 1 : 0);
            for (long i = 0; i < share; i++)
            {
                await producer.PublishAsync(plan.Stream, keys[(i * plan.Publishers + p) % keys.Length], payload, cancellationToken).ConfigureAwait(false);
                if (ratePerPublisher is { } rate && i % 256 == 255)
                {
                    var ahead = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
                    if (ahead > TimeSpan.Zero)
                    {
                        await Task.Delay(ahead, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }, cancellationToken))).ConfigureAwait(false);

        await producer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var stats = producer.Statistics;
        var crcAfter = (await queries.GetStatsAsync(plan.Stream).ConfigureAwait(false)).Total.CrcFailures;
        return new StreamLoadReport(
            plan.Stream, stats.EventsPublished, stats.EventsAcked, stats.BatchesResent, stats.Rejections, stats.Corrupted, crcAfter - crcBefore,
            Math.Round(seconds, 3), Math.Round(stats.EventsAcked / seconds),
            Ms(producer.AckLatency.Percentile(0.5)), Ms(producer.AckLatency.Percentile(0.99)), Ms(producer.AckLatency.Max));
    }

    private static double Ms(TimeSpan value) => Math.Round(value.TotalMilliseconds, 2);
}
