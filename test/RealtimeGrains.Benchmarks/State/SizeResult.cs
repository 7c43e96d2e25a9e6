using RealtimeGrains.Benchmarks.Infrastructure;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// The hot load at one size of state: rates (median and range of the runs), ack latency (medians of the runs' p50
/// and p99), checkpoint cost over all runs together, and the silo's memory after the runs.
/// </summary>
internal sealed record SizeResult(
    long KeysFilled,
    long KeysHeld,
    double FillKeysPerSecond,
    double EventsPerSecond,
    double EventsPerSecondMin,
    double EventsPerSecondMax,
    double AckP50Ms,
    double AckP99Ms,
    double SiloCpuMicrosPerEvent,
    double ClientCpuMicrosPerEvent,
    double? RedisCpuMicrosPerEvent,
    double CheckpointsPerSecond,
    double BytesPerCheckpoint,
    double CheckpointBytesPerSecond,
    double EventsPerCheckpoint,
    double ChangedKeysPerCheckpoint,
    double BytesPerChangedKey,
    double SegmentsCompactedPerRun,
    long SiloRssBytes,
    double SiloRssBytesPerKey,
    double? MarginalRssBytesPerKey,
    long? RedisUsedBytes,
    double? RedisUsedBytesPerKey,
    bool EventsAccountedFor,
    IReadOnlyList<HotRun> Runs)
{
    /// <summary>Ratio of this size's median rate to the first (smallest) size's, on the same storage.</summary>
    public double? RatioToFirstSize { get; init; }

    /// <summary>Redis only: ratio of this size's median rate to memory storage's at the same size, same invocation.</summary>
    public double? RatioToMemory { get; init; }

    /// <summary>Fewest keys added since the previous size for a per-key RSS growth: RSS moves by tens of MB between reads.</summary>
    public const long MinKeysForMarginal = 500_000;

    public static SizeResult From(
        long filled, long keysHeld, double fillRate, IReadOnlyList<HotRun> runs, long rss, (long Keys, long Rss)? previous, long? redisUsed)
    {
        var seconds = runs.Sum(r => r.Seconds);
        var checkpoints = runs.Sum(r => r.Checkpoints);
        var bytes = runs.Sum(r => r.CheckpointBytes);
        var changed = runs.Sum(r => r.ChangedKeysEstimate);
        var rates = runs.Select(r => r.EventsPerSecond).ToList();
        var applied = Math.Max(1, runs.Sum(r => r.EventsApplied));
        return new SizeResult(
            filled,
            keysHeld,
            Math.Round(fillRate),
            Math.Round(RunArgs.Median(rates)),
            Math.Round(rates.Min()),
            Math.Round(rates.Max()),
            RunArgs.Median(runs.Select(r => r.AckP50Ms)),
            RunArgs.Median(runs.Select(r => r.AckP99Ms)),
            Math.Round(runs.Sum(r => r.Cpu.Silo) / applied * 1e6, 2),
            Math.Round(runs.Sum(r => r.Cpu.Client) / applied * 1e6, 2),
            runs.All(r => r.Cpu.Redis is not null) ? Math.Round(runs.Sum(r => r.Cpu.Redis!.Value) / applied * 1e6, 2) : null,
            Math.Round(checkpoints / seconds, 1),
            checkpoints > 0 ? Math.Round((double)bytes / checkpoints) : 0,
            Math.Round(bytes / seconds),
            checkpoints > 0 ? Math.Round((double)runs.Sum(r => r.EventsApplied) / checkpoints, 1) : 0,
            checkpoints > 0 ? Math.Round(changed / checkpoints, 1) : 0,
            changed > 0 ? Math.Round(bytes / changed, 1) : 0,
            Math.Round((double)runs.Sum(r => r.SegmentsCompacted) / runs.Count, 1),
            rss,
            keysHeld > 0 ? Math.Round((double)rss / keysHeld, 1) : 0,
            previous is { } p && keysHeld - p.Keys >= MinKeysForMarginal ? Math.Round((double)(rss - p.Rss) / (keysHeld - p.Keys), 1) : null,
            redisUsed,
            redisUsed is { } used && keysHeld > 0 ? Math.Round((double)used / keysHeld, 1) : null,
            runs.All(r => r.Sent == r.Acked && r.EventsApplied == r.Acked),
            runs);
    }
}
