using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// <c>--compaction</c>, after the size sweep on the same silo at its last size: does compaction slow the hot load?
/// <c>--runs</c> hot runs in each of three conditions, interleaved (A, B, C, A, B, C, …) so that drift spreads evenly:
/// A the hot load alone; B with a background producer updating existing fill keys at <c>--churn-rate</c> events/s,
/// walked bucket by bucket (<see cref="FillWalk"/>) so that buckets are compacted all through the run; C with the
/// same churn over <see cref="ChurnKeys"/> keys <c>churn-N</c> of its own, cycled: as many extra events and
/// checkpoints, but deltas that stay at a few fields per bucket, so (almost) no compaction. p99(B)/p99(C) is the
/// compaction's effect at equal load.
/// </summary>
internal static class CompactionBench
{
    public const int ChurnKeys = 10_000;

    public const string ChurnPrefix = "churn-";

    /// <summary>The churn runs this long before the hot run starts, so that the hot run meets it in its steady state.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(1);

    private static readonly (string Name, string Description)[] Conditions =
    [
        ("A", "hot load alone"),
        ("B", "+ churn of existing fill keys, bucket by bucket (compacting)"),
        ("C", "+ churn of 10,000 `churn-N` keys, cycled (deltas stay small)"),
    ];

    public static async Task<CompactionResult> RunAsync(StateSilo silo, StateOptions options, long filled, IReadOnlyList<int> hotKeysByPartition)
    {
        var client = silo.Client;
        var queries = new StreamQueries(client);
        var definition = (await queries.ListStreamsAsync()).Single(d => d.Name == StateOptions.Stream);
        var partitioner = definition.CreatePartitioner();
        var grouping = Stopwatch.StartNew();
        var walk = FillWalk.Create(partitioner, checked((int)filled));
        var storage = silo.Storage;
        StateRun.Log($"{storage} compaction: {filled:N0} fill keys grouped by bucket in {grouping.Elapsed.TotalSeconds:0.0} s ({walk.FillKeysPerBucket:N0} per bucket)");

        var churnKeys = Enumerable.Range(0, ChurnKeys).Select(k => ChurnPrefix + k.ToString(CultureInfo.InvariantCulture)).ToArray();
        var churnCycle = 0L;
        await CreateChurnKeysAsync(client, churnKeys);
        await StateRun.SettleAsync(queries);
        var keysHeld = (await queries.GetStatsAsync(StateOptions.Stream)).Total.Keys;
        var keysPerBucket = (double)keysHeld / partitioner.Buckets;
        // A bucket is compacted once its delta holds max(64, keys / 2) fields: the walk gets there if its keys are that many.
        var threshold = Math.Max(StateTableLimits.MinFoldFields, keysPerBucket / 2);
        var expected = walk.FillKeysPerBucket >= threshold ? Math.Round(options.ChurnRate / threshold, 1) : 0;
        if (expected == 0)
        {
            StateRun.Log($"{storage} compaction: buckets hold {walk.FillKeysPerBucket:N1} fill keys on average, fewer than the {threshold:N0} delta fields that compact one: B will not compact (use a larger last size)");
        }

        var clock = Stopwatch.StartNew();
        var machineBefore = MachineCpu.BusySeconds();
        var oursBefore = await silo.CpuAsync();
        var runs = new List<CompactionRun>();
        for (var run = 0; run < options.Runs; run++)
        {
            foreach (var (condition, _) in Conditions)
            {
                Func<string>? next = condition switch
                {
                    "B" => walk.Next,
                    "C" => () => churnKeys[churnCycle++ % churnKeys.Length],
                    _ => null,
                };
                var r = await RunOnceAsync(silo, options, condition, run, next, hotKeysByPartition);
                runs.Add(r);
                StateRun.Log($"{storage} compaction {condition} run {run + 1}: {r.Hot.EventsPerSecond:N0} events/s, ack p50 {r.Hot.AckP50Ms:0.0} ms p99 {r.Hot.AckP99Ms:0.0} ms, {r.Hot.SegmentsCompacted:N0} segments compacted ({r.CompactionsPerSecond:N0}/s){(r.Churn is { } c ? $", churn {c.EventsPerSecond:N0} events/s ({c.Skipped:N0} skipped)" : "")}{(r.EventsAccountedFor ? "" : ", events NOT accounted for")}");
                await StateRun.SettleAsync(queries);
            }
        }

        var ours = await silo.CpuAsync() - oursBefore;
        var others = MachineCpu.BusySeconds() - machineBefore - (ours.Silo + ours.Client + (ours.Redis ?? 0)) is { } busy
            ? Math.Round(Math.Max(0, busy / clock.Elapsed.TotalSeconds), 2)
            : (double?)null;
        StateRun.Log($"{storage} compaction: other processes kept {others:0.00} cores busy on average during the runs");

        var conditions = Conditions.Select(c => CompactionCondition.From(c.Name, c.Description, [.. runs.Where(r => r.Condition == c.Name)])).ToList();
        var (alone, compacting, control) = (conditions[0], conditions[1], conditions[2]);
        return new CompactionResult(
            filled,
            keysHeld,
            partitioner.Buckets,
            options.ChurnRate,
            ChurnKeys,
            Math.Round(walk.FillKeysPerBucket, 1),
            expected,
            conditions,
            CompactionResult.Ratio(compacting.AckP99Ms, control.AckP99Ms),
            CompactionResult.Ratio(compacting.AckP99Ms, alone.AckP99Ms),
            CompactionResult.Ratio(compacting.EventsPerSecond, control.EventsPerSecond),
            others,
            runs);
    }

    /// <summary>
    /// One hot run; with <paramref name="next"/>, a churn of those keys starts <see cref="Lead"/> before it and stops
    /// after it. The partitions' applied events are read before the churn starts and after it is acknowledged.
    /// </summary>
    private static async Task<CompactionRun> RunOnceAsync(
        StateSilo silo, StateOptions options, string condition, int run, Func<string>? next, IReadOnlyList<int> hotKeysByPartition)
    {
        var queries = new StreamQueries(silo.Client);
        var before = (await queries.GetStatsAsync(StateOptions.Stream)).Total.EventsApplied;
        var churn = next is null ? null : Churn.Start(silo.Client, options.ChurnRate, next, options.PayloadBytes);
        ChurnReport? report = null;
        HotRun hot;
        try
        {
            if (churn is not null)
            {
                await Task.Delay(Lead);
            }

            hot = await HotRun.RunAsync(silo, options, options.HotEvents, hotKeysByPartition);
        }
        finally
        {
            if (churn is not null)
            {
                report = await churn.StopAsync();
            }
        }

        var after = (await queries.GetStatsAsync(StateOptions.Stream)).Total.EventsApplied;
        return new CompactionRun(condition, run + 1, hot, report, after - before);
    }

    /// <summary>One event for each churn key, so that C's runs update keys that exist, as B's do.</summary>
    private static async Task CreateChurnKeysAsync(IClusterClient client, IReadOnlyList<string> keys)
    {
        var producer = new StreamProducer(client);
        await using var _ = producer;
        foreach (var key in keys)
        {
            await producer.PublishAsync(StateOptions.Stream, key, ReadOnlyMemory<byte>.Empty);
        }

        await producer.FlushAsync();
    }
}
