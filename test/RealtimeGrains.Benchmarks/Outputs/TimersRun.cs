using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Benchmarks.State;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;

namespace RealtimeGrains.Benchmarks.Outputs;

/// <summary>
/// <c>outputs --timers [--keys N] [--spread-ms N]</c>: N keys each set a one-shot processing-time timer, due over
/// <c>spread-ms</c>; how late they fire (the silo's own <c>rtg.processor.timer.lag</c>, every firing). Then N more,
/// due after a restart of the silo (graceful stop, new silo on the same Redis storage): how late they fire and
/// whether each fires once (every key's count of firings is read back).
/// </summary>
internal static class TimersRun
{
    private const string Stream = "timers";

    public static async Task<TimersResult> RunAsync(string[] args)
    {
        var keys = RunArgs.Int(args, "--keys", 100_000);
        var spreadMs = RunArgs.Int(args, "--spread-ms", 5_000);
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        using var killRedis = StartedProcesses.Register(redis.KillAsync);
        var settings = new Dictionary<string, string?>
        {
            ["RealtimeGrains:Storage:Provider"] = "redis",
            ["RealtimeGrains:Redis:ConnectionString"] = redis.ConnectionString,
            [$"RealtimeGrains:Streaming:Streams:{Stream}:Processor"] = BenchTimerProcessor.Name,
            [$"RealtimeGrains:Streaming:Streams:{Stream}:Partitions"] = "16",
        };
        using var lags = new TimerLagRecorder();

        TimerPhase live, restarted;
        var cluster = await StartAsync(settings);
        try
        {
            var due = DateTimeOffset.UtcNow.AddSeconds(6);
            await SetTimersAsync(cluster.Client, keys, due, spreadMs);
            await WaitFiredAsync(cluster.Client, keys, TimeSpan.FromMilliseconds(spreadMs) + TimeSpan.FromSeconds(60));
            live = TimerPhase.From("live", lags.Take(), TimeSpan.Zero);

            due = DateTimeOffset.UtcNow.AddSeconds(8);
            await SetTimersAsync(cluster.Client, keys, due, spreadMs);
            var down = Stopwatch.StartNew();
            await cluster.DisposeAsync();
            cluster = await StartAsync(settings);
            var restartTook = down.Elapsed;
            await WaitFiredAsync(cluster.Client, 2L * keys, TimeSpan.FromMilliseconds(spreadMs) + TimeSpan.FromSeconds(90));
            restarted = TimerPhase.From("after a silo restart", lags.Take(), restartTook);
            var (once, wrong) = await CountFiringsAsync(cluster.Client, keys);
            return new TimersResult(keys, spreadMs, Environment.ProcessorCount, live, restarted, once, wrong);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static Task<BenchmarkCluster> StartAsync(Dictionary<string, string?> settings) =>
        BenchmarkCluster.StartAsync(settings, configure: (_, silo) => silo.AddKeyedProcessor<BenchTimerProcessor>(BenchTimerProcessor.Name));

    private static async Task SetTimersAsync(IClusterClient client, int keys, DateTimeOffset firstDue, int spreadMs)
    {
        await using var producer = new StreamProducer(client);
        var payload = new byte[8];
        for (var k = 0; k < keys; k++)
        {
            var due = firstDue.AddMilliseconds((double)k * spreadMs / keys).ToUnixTimeMilliseconds();
            BinaryPrimitives.WriteInt64LittleEndian(payload, due);
            await producer.PublishAsync(Stream, Key(k), payload);
        }

        await producer.FlushAsync();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timers: {keys:N0} timers set (acknowledged), first due {firstDue:HH:mm:ss.fff}"));
    }

    private static async Task WaitFiredAsync(IClusterClient client, long fired, TimeSpan timeout)
    {
        var queries = new StreamQueries(client);
        await Eventually.TrueAsync(async () => (await queries.GetStatsAsync(Stream)).Total.TimersFired >= fired, timeout, $"{fired:N0} timers fired");
    }

    /// <summary>Reads every key's count of firings: each key set two timers, one before and one across the restart.</summary>
    private static async Task<(long Once, long Wrong)> CountFiringsAsync(IClusterClient client, int keys)
    {
        var queries = new StreamQueries(client);
        long right = 0, wrong = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, keys), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (k, _) =>
        {
            var view = await queries.GetKeyAsync(Stream, Key(k));
            Interlocked.Increment(ref view is not null && view.Json == "2" ? ref right : ref wrong);
        });
        return (right, wrong);
    }

    private static string Key(int k) => "t-" + k.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Lag percentiles of one phase.</summary>
internal sealed record TimerPhase(string Phase, int Fired, double P50Ms, double P99Ms, double MaxMs, double RestartSeconds)
{
    public static TimerPhase From(string phase, long[] sorted, TimeSpan restart) => new(
        phase, sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Length == 0 ? 0 : sorted[^1], Math.Round(restart.TotalSeconds, 1));

    private static double Percentile(long[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}

internal sealed record TimersResult(int Keys, int SpreadMs, int Cores, TimerPhase Live, TimerPhase Restarted, long KeysFiredOncePerTimer, long KeysWrong)
    : Report.IReportResult
{
    public IEnumerable<Report.ReportSection> ToSections() =>
    [
        new(
            "Processors: timers",
            "the same timers before the silo restart (live)",
            string.Create(CultureInfo.InvariantCulture, $"{Keys:N0} keys, one processing-time timer each, due over {SpreadMs:N0} ms; Redis storage; then the silo restarted with the next round pending."),
            [
                Report.ReportRow.Of("timers fired", Restarted.Fired, Live.Fired),
                Report.ReportRow.Of("lag p50, after a restart", Restarted.P50Ms, Live.P50Ms, "0", "ms"),
                Report.ReportRow.Of("lag p99, after a restart", Restarted.P99Ms, Live.P99Ms, "0", "ms"),
                Report.ReportRow.Of("restart took", Restarted.RestartSeconds, format: "0.0", unit: "s"),
                Report.ReportRow.Text("keys that fired each timer exactly once / not", string.Create(CultureInfo.InvariantCulture, $"{KeysFiredOncePerTimer:N0} / {KeysWrong:N0}")),
            ])
        { Passed = KeysWrong == 0 },
    ];

    public string ToMarkdown()
    {
        var md = new System.Text.StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Timers: {Keys:N0} keys, one processing-time timer each, due over {SpreadMs:N0} ms; Redis storage; {Cores} cores");
        md.AppendLine();
        md.AppendLine("| phase | fired | lag p50 ms | lag p99 ms | lag max ms |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var p in new[] { Live, Restarted })
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {p.Phase}{(p.RestartSeconds > 0 ? $" (restart took {p.RestartSeconds:0.0} s)" : "")} | {p.Fired:N0} | {p.P50Ms:0} | {p.P99Ms:0} | {p.MaxMs:0} |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Every key's firings read back: {KeysFiredOncePerTimer:N0} keys fired each timer exactly once, {KeysWrong:N0} did not.");
        return md.ToString();
    }
}
