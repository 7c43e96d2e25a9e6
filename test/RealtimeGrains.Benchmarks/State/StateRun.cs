using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Benchmarks.Report;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming.State;
using RealtimeGrains.Testing;


namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// <c>state [--json] [--redis | --both] [--sizes …] [--hot-events N] [--hot-keys K] [--runs R] [--compaction] [--recovery]</c>: how the
/// hot-path rate, ack latency, checkpoint cost and silo memory change as one stream holds more keys. One real silo
/// process per storage; this process is the client. At each size (keys filled cumulatively) the same hot load runs
/// R times. With <c>--compaction</c>, the hot load at the last size with and without buckets being compacted meanwhile:
/// see <see cref="CompactionBench"/>. With <c>--recovery</c>, a 3-silo Redis cluster loses a silo (kill -9) under that
/// load: see <see cref="RecoveryRun"/>.
/// </summary>
internal static class StateRun
{
    public static async Task<IReadOnlyList<ReportSection>> RunAsync(string[] args)
    {
        StateOptions options;
        try
        {
            options = StateOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            throw new ArgumentException($"{e.Message}\nusage: {StateOptions.Usage}", e);
        }

        var sweeps = new List<SweepResult>();
        if (!options.RecoveryOnly)
        {
            foreach (var storage in options.Storages)
            {
                sweeps.Add(await SweepAsync(storage, options));
            }
        }

        var recovery = options.Recovery ? await RecoveryRun.RunAsync(options) : null;
        var result = new StateResult(Environment.ProcessorCount, options, HotKeyDeltaEntryBytes(), StateResult.WithRatios(sweeps), recovery);
        ResultWriter.Write(result, options.Json, result.ToMarkdown());
        return [.. result.ToSections()];
    }

    /// <summary>One storage: start its silo, warm up (creating the hot keys), then fill and measure each size in turn.</summary>
    private static async Task<SweepResult> SweepAsync(string storage, StateOptions options)
    {
        await using var silo = await StateSilo.StartAsync(storage, options);
        try
        {
            var client = silo.Client;
            var queries = new StreamQueries(client);
            var hotByPartition = await HotKeysByPartitionAsync(queries, options.HotKeys);
            var clock = Stopwatch.StartNew();
            var machineBefore = MachineCpu.BusySeconds();
            var oursBefore = await silo.CpuAsync();
            var warmup = await WarmUpAsync(client, options, storage);
            await SettleAsync(queries);
            var baselineKeys = (await queries.GetStatsAsync(StateOptions.Stream)).Total.Keys;
            var baselineRss = silo.ResidentBytes() ?? 0;
            (long Keys, long Rss) previous = (baselineKeys, baselineRss);

            var sizes = new List<SizeResult>();
            long filled = 0;
            foreach (var size in options.Sizes)
            {
                var (fillRate, fillResent) = await KeyFill.RunAsync(client, StateOptions.Stream, filled, size);
                Log($"{storage}: filled {filled:N0} → {size:N0} keys at {fillRate:N0} keys/s ({fillResent:N0} batches resent)");
                filled = size;
                await SettleAsync(queries);
                var keysHeld = (await queries.GetStatsAsync(StateOptions.Stream)).Total.Keys;

                var runs = new List<HotRun>();
                for (var run = 0; run < options.Runs; run++)
                {
                    runs.Add(await HotRun.RunAsync(silo, options, options.HotEvents, hotByPartition));
                    var r = runs[^1];
                    Log($"{storage} {size:N0} keys, run {run + 1}: {r.EventsPerSecond:N0} events/s, ack p50 {r.AckP50Ms:0.0} ms p99 {r.AckP99Ms:0.0} ms, {r.Checkpoints:N0} checkpoints of {(r.Checkpoints > 0 ? r.CheckpointBytes / r.Checkpoints : 0):N0} bytes, {r.SegmentsCompacted:N0} segments compacted");
                }

                var rss = silo.ResidentBytes() ?? throw new InvalidOperationException($"the silo (pid {silo.Silo.Pid}) is gone");
                long? redisUsed = silo.RedisProbe is { } probe ? (long)((await probe.ReadAsync()).UsedMb * 1048576) : null;
                sizes.Add(SizeResult.From(size, keysHeld, fillRate, runs, rss, previous, redisUsed));
                previous = (keysHeld, rss);
                Log($"{storage} {size:N0} keys: {keysHeld:N0} held, silo RSS {rss / 1048576.0:N0} MiB ({(double)rss / keysHeld:N0} bytes/key)");
            }

            var ours = await silo.CpuAsync() - oursBefore;
            // Tick rounding can make the difference slightly negative on a quiet machine.
            var others = MachineCpu.BusySeconds() - machineBefore - (ours.Silo + ours.Client + (ours.Redis ?? 0)) is { } busy
                ? Math.Round(Math.Max(0, busy / clock.Elapsed.TotalSeconds), 2)
                : (double?)null;
            Log($"{storage}: other processes kept {others:0.00} cores busy on average during the sweep");
            var compaction = options.Compaction ? await CompactionBench.RunAsync(silo, options, filled, hotByPartition) : null;
            return new SweepResult(storage, hotByPartition.Count, warmup, baselineKeys, baselineRss, sizes, others, compaction);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log($"{storage}: failed ({ex.GetType().Name}: {ex.Message}); silo {(silo.Silo.HasExited ? "exited" : "running")}, its last log lines:\n{Tail(silo.Silo.Log, 40)}");
            throw;
        }
    }

    /// <summary>
    /// Hot loads of <c>--warmup-events</c> until two in a row are within 10% of each other (at most five): the first creates
    /// the hot keys, the rest let tiered JIT and the thread pools of both processes settle. Returns each one's rate.
    /// </summary>
    private static async Task<IReadOnlyList<double>> WarmUpAsync(IClusterClient client, StateOptions options, string storage)
    {
        const int maxRuns = 5;
        var rates = new List<double>();
        do
        {
            rates.Add((await StreamLoad.RunAsync(client, HotPlan(options, options.WarmupEvents))).EventsPerSecond);
            Log($"{storage}: warm-up {rates.Count}: {options.WarmupEvents:N0} events over {options.HotKeys:N0} hot keys, {rates[^1]:N0} events/s");
        }
        while (rates.Count < maxRuns && (rates.Count < 2 || Math.Abs(rates[^1] - rates[^2]) > 0.1 * rates[^2]));
        return rates;
    }

    /// <summary>The hot load: <c>StreamLoad</c> over keys <c>key-0</c> … <c>key-{K-1}</c>, as <c>rtg load</c> runs it.</summary>
    public static StreamLoadPlan HotPlan(StateOptions options, long events) =>
        new(StateOptions.Stream, events, options.HotKeys, PayloadBytes: options.PayloadBytes, Publishers: options.Publishers);

    /// <summary>How many of the hot keys each partition owns (placement is the producer's, computed from the stream's definition).</summary>
    public static async Task<IReadOnlyList<int>> HotKeysByPartitionAsync(StreamQueries queries, int hotKeys)
    {
        var partitions = (await queries.GetStatsAsync(StateOptions.Stream)).Partitions.Count;
        var placements = await queries.LocateAsync(StateOptions.Stream, Enumerable.Range(0, hotKeys).Select(k => "key-" + k.ToString(CultureInfo.InvariantCulture)));
        var counts = new int[partitions];
        foreach (var placement in placements)
        {
            counts[placement.Partition]++;
        }

        return counts;
    }

    /// <summary>
    /// Waits until the partitions are idle: no checkpoint (deferred and idle compaction included) for 1.5 s, longer
    /// than a partition waits without batches before it folds the deltas a fill left.
    /// </summary>
    public static async Task SettleAsync(StreamQueries queries)
    {
        long last = -1;
        var changed = Stopwatch.StartNew();
        await Eventually.TrueAsync(
            async () =>
            {
                var checkpoints = (await queries.GetStatsAsync(StateOptions.Stream)).Total.Checkpoints;
                if (checkpoints != last)
                {
                    last = checkpoints;
                    changed.Restart();
                }

                var settled = changed.Elapsed >= TimeSpan.FromSeconds(1.5);
                if (!settled)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100));
                }

                return settled;
            },
            TimeSpan.FromMinutes(2),
            "the partitions to stop checkpointing after the load");
    }

    /// <summary>
    /// Bytes one hot key's change adds to a checkpoint (its delta field as <c>DeltaEntries</c> encodes it: key, state,
    /// CRC), with the silo's own codec: the floor of bytes per changed key, before per-checkpoint fields.
    /// </summary>
    public static int HotKeyDeltaEntryBytes()
    {
        var key = Encoding.UTF8.GetBytes("key-5000");
        var value = new ArrayBufferWriter<byte>();
        StateCodec.WriteDeltaValue(value, RealtimeGrains.Streaming.Processing.Int64StateCodec.Instance, key, new KeyEntry<long> { State = 1_000, Touched = StateClock.Seconds(DateTimeOffset.UtcNow) }, tombstone: false);
        var entries = new DeltaEntries.Writer();
        entries.Add(key, value.WrittenSpan);
        return entries.Length;
    }

    /// <summary>The machine's 1-minute load average (<c>/proc/loadavg</c>), to tell a quiet machine from a busy one; null where there is none.</summary>
    public static double? LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public static void Log(FormattableString message) => Console.Error.WriteLine("state: " + FormattableString.Invariant(message));

    public static string Tail(string log, int lines) => string.Join('\n', log.Split('\n').TakeLast(lines));
}
