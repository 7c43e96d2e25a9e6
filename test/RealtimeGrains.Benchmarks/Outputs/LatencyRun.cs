using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Benchmarks.Outputs;

/// <summary>
/// <c>outputs --latency [--keys N] [--seconds N]</c>: publish → processor → output stream → a client subscribed to
/// every key. The peak is the output rate the client sees while events are published as fast as the producer
/// goes; then events are published at half that rate for <c>--seconds</c>, each carrying its publish time, and
/// the subscriber measures publish → seen. Memory storage, one silo, client and silo on the same 2 cores.
/// </summary>
internal static class LatencyRun
{
    private const string In = "lat-in", Out = "lat-out";

    public static async Task<LatencyResult> RunAsync(string[] args)
    {
        var keys = RunArgs.Int(args, "--keys", 1_000);
        var seconds = RunArgs.Int(args, "--seconds", 10);
        var peakEvents = RunArgs.Int(args, "--peak-events", 300_000);
        var settings = new Dictionary<string, string?>
        {
            [$"RealtimeGrains:Streaming:Streams:{In}:Processor"] = BenchEchoProcessor.Name,
            [$"RealtimeGrains:Streaming:Streams:{In}:Partitions"] = "16",
            [$"RealtimeGrains:Streaming:Streams:{In}:Output"] = Out,
            [$"RealtimeGrains:Streaming:Streams:{Out}:Processor"] = BenchProbeProcessor.Name,
            [$"RealtimeGrains:Streaming:Streams:{Out}:Partitions"] = "8",
            [$"RealtimeGrains:Streaming:Streams:{Out}:Retain"] = "100",
        };
        await using var cluster = await BenchmarkCluster.StartAsync(settings, configure: (_, silo) => silo.AddKeyedProcessor<BenchEchoProcessor>(BenchEchoProcessor.Name).AddKeyedProcessor<BenchProbeProcessor>(BenchProbeProcessor.Name));
        await using var feed = await new OutputSubscriber(cluster.Client).OpenAsync(Out);
        var seen = new Probe();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            await foreach (var output in feed.ReadAllAsync(stop.Token))
            {
                seen.Record(BinaryPrimitives.ReadInt64LittleEndian(output.Payload));
            }
        });

        try
        {
            seen.Feed = feed;
        await PublishAsync(cluster.Client, keys, peakEvents / 5, null, seen); // warm-up
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; feed missed {feed.Missed}, resubscribed {feed.Resubscriptions}, set aside {feed.SetAside}");
        }

        var peak = await PublishAsync(cluster.Client, keys, peakEvents, null, seen);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency: peak {peak.Rate:N0} outputs/s seen by the subscriber"));
        var half = RunArgs.Int(args, "--rate", 0) is > 0 and var rate ? rate : peak.Rate / 2;
        BenchEchoProcessor.Applied.Take();
        BenchProbeProcessor.Applied.Take();
        var measured = await PublishAsync(cluster.Client, keys, (long)(half * seconds), half, seen);
        var first = BenchEchoProcessor.Applied.Take();
        var second = BenchProbeProcessor.Applied.Take();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency stages, p50 / p99 ms: publish -> applied by the processor {Percentile(first, 0.5)} / {Percentile(first, 0.99)}; -> applied in the output stream {Percentile(second, 0.5)} / {Percentile(second, 0.99)}; -> seen {measured.P50} / {measured.P99}"));
        await stop.CancelAsync();
        await reader.ContinueWith(_ => { }, TaskScheduler.Default);
        return new LatencyResult(keys, Environment.ProcessorCount, Math.Round(peak.Rate), Math.Round(half), measured.Seen, measured.P50, measured.P99, measured.Max, feed.Missed);
    }

    /// <summary>Publishes <paramref name="events"/> (at <paramref name="rate"/> per second, or flat out) and waits until the subscriber has seen them all.</summary>
    private static async Task<(double Rate, long Seen, double P50, double P99, double Max)> PublishAsync(IClusterClient client, int keys, long events, double? rate, Probe seen)
    {
        seen.Reset(events);
        var missedBefore = seen.Feed!.Missed;
        var clock = Stopwatch.StartNew();
        await using (var producer = new StreamProducer(client))
        {
            var payload = new byte[8];
            for (long i = 0; i < events; i++)
            {
                if (rate is { } perSecond && i % 64 == 0)
                {
                    var due = TimeSpan.FromSeconds(i / perSecond);
                    if (due > clock.Elapsed)
                    {
                        await Task.Delay(due - clock.Elapsed);
                    }
                }

                BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
                await producer.PublishAsync(In, "k-" + (i % keys).ToString(CultureInfo.InvariantCulture), payload);
            }

            await producer.FlushAsync();
        }

        try
        {
            // Seen, or skipped because retention had dropped them before the subscriber got to them (flat out, it falls behind).
            await Testing.Eventually.TrueAsync(() => Task.FromResult(seen.Count + seen.Feed.Missed - missedBefore >= events), TimeSpan.FromMinutes(2), "every output seen or counted missed");
        }
        catch (TimeoutException)
        {
            var stats = await new StreamQueries(client).GetStatsAsync(Out);
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"the subscriber saw {seen.Lags().Length:N0} of {events:N0} outputs in 2 minutes; {Out} applied {stats.Total.EventsApplied:N0}"));
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        var lags = seen.Lags();
        return ((lags.Length) / elapsed, lags.Length, Percentile(lags, 0.5), Percentile(lags, 0.99), lags.Length == 0 ? 0 : lags[^1]);
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)], 1);

    /// <summary>What the subscriber saw: publish → seen per output, and when the expected count arrived.</summary>
    private sealed class Probe
    {
        private readonly Lock _lock = new();
        private List<double> _lags = [];
        public OutputFeed? Feed { get; set; }

        public long Count
        {
            get
            {
                lock (_lock)
                {
                    return _lags.Count;
                }
            }
        }

        public void Reset(long expected)
        {
            lock (_lock)
            {
                _lags = new List<double>((int)Math.Min(expected, 10_000_000));

            }
        }

        public void Record(long publishedAt)
        {
            var lag = Stopwatch.GetElapsedTime(publishedAt).TotalMilliseconds;
            lock (_lock)
            {
                _lags.Add(lag);
            }
        }

        public double[] Lags()
        {
            lock (_lock)
            {
                var lags = _lags.ToArray();
                Array.Sort(lags);
                return lags;
            }
        }
    }
}

internal sealed record LatencyResult(int Keys, int Cores, double PeakOutputsPerSecond, double HalfRate, long Seen, double P50Ms, double P99Ms, double MaxMs, long Missed)
    : Report.IReportResult
{
    public IEnumerable<Report.ReportSection> ToSections() =>
    [
        new(
            "Processors: publish → output seen by a subscriber",
            "",
            string.Create(CultureInfo.InvariantCulture, $"{Keys:N0} keys, one processor hop (`lat-in` → `lat-out`), memory storage, one in-process silo; no plain-Orleans equivalent exists."),
            [
                Report.ReportRow.Of("peak outputs/s seen by the subscriber", PeakOutputsPerSecond),
                Report.ReportRow.Text(string.Create(CultureInfo.InvariantCulture, $"at {HalfRate:N0} events/s: p50 / p99 / max"), string.Create(CultureInfo.InvariantCulture, $"{P50Ms:0.0} / {P99Ms:0.0} / {MaxMs:0.0} ms")),
                Report.ReportRow.Of("outputs the subscriber missed", Missed),
            ])
        { Passed = Missed == 0 },
    ];

    public string ToMarkdown() => string.Create(CultureInfo.InvariantCulture, $"""
        Publish → output seen by a subscribed client: {Keys:N0} keys, one processor hop (`lat-in` → `lat-out`), memory storage, {Cores} cores

        | measure | value |
        |---|---|
        | peak, outputs/s seen by the subscriber | {PeakOutputsPerSecond:N0} |
        | at {HalfRate:N0} events/s (half the peak unless --rate): outputs seen, p50 / p99 / max ms | {Seen:N0}, {P50Ms:0.0} / {P99Ms:0.0} / {MaxMs:0.0} |
        | outputs the subscriber missed | {Missed:N0} |

        """);
}
