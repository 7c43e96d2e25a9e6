using RealtimeGrains.Benchmarks.Infrastructure;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// One hot run of <c>--compaction</c> in one condition (A alone, B with churn of fill keys, C with churn of the churn
/// keys), with what the background churn published around it. <see cref="EventsApplied"/> is the partitions'
/// <c>EventsApplied</c> difference from before the churn started until it was stopped and acknowledged: the hot
/// load's and the churn's events, each applied once.
/// </summary>
internal sealed record CompactionRun(string Condition, int Run, HotRun Hot, ChurnReport? Churn, long EventsApplied)
{
    /// <summary>Segments compacted per second of the hot run.</summary>
    public double CompactionsPerSecond => Hot.Seconds > 0 ? Math.Round(Hot.SegmentsCompacted / Hot.Seconds, 1) : 0;

    public bool EventsAccountedFor =>
        Hot.Sent == Hot.Acked && (Churn is null || Churn.Published == Churn.Acked) && EventsApplied == Hot.Acked + (Churn?.Acked ?? 0);
}

/// <summary>One condition's runs: medians of the hot load's rate and ack percentiles, compactions and checkpoints during the hot runs.</summary>
internal sealed record CompactionCondition(
    string Condition,
    string Description,
    double EventsPerSecond,
    double EventsPerSecondMin,
    double EventsPerSecondMax,
    double AckP50Ms,
    double AckP99Ms,
    IReadOnlyList<double> AckP99MsOfRuns,
    double SegmentsCompactedPerRun,
    double CompactionsPerSecond,
    double CheckpointsPerSecond,
    double CheckpointBytesPerSecond,
    double? ChurnEventsPerSecond,
    long ChurnEventsSkipped)
{
    public static CompactionCondition From(string condition, string description, IReadOnlyList<CompactionRun> runs)
    {
        var seconds = runs.Sum(r => r.Hot.Seconds);
        var rates = runs.Select(r => r.Hot.EventsPerSecond).ToList();
        return new CompactionCondition(
            condition,
            description,
            Math.Round(RunArgs.Median(rates)),
            Math.Round(rates.Min()),
            Math.Round(rates.Max()),
            RunArgs.Median(runs.Select(r => r.Hot.AckP50Ms)),
            RunArgs.Median(runs.Select(r => r.Hot.AckP99Ms)),
            [.. runs.Select(r => r.Hot.AckP99Ms)],
            Math.Round((double)runs.Sum(r => r.Hot.SegmentsCompacted) / runs.Count, 1),
            Math.Round(runs.Sum(r => r.Hot.SegmentsCompacted) / seconds, 1),
            Math.Round(runs.Sum(r => r.Hot.Checkpoints) / seconds, 1),
            Math.Round(runs.Sum(r => r.Hot.CheckpointBytes) / seconds),
            runs.All(r => r.Churn is not null) ? Math.Round(runs.Average(r => r.Churn!.EventsPerSecond)) : null,
            runs.Sum(r => r.Churn?.Skipped ?? 0));
    }
}

/// <summary>
/// <c>--compaction</c> on one storage, at the sweep's last size: the hot load alone (A), with a background churn of
/// existing fill keys that keeps buckets compacting (B), and with the same churn rate over <see cref="ChurnKeys"/>
/// keys of their own whose deltas stay small (C); runs interleaved A, B, C, A, B, C, …
/// </summary>
internal sealed record CompactionResult(
    long KeysFilled,
    long KeysHeld,
    int Buckets,
    int ChurnRate,
    int ChurnKeys,
    double FillKeysPerBucket,
    double ExpectedCompactionsPerSecond,
    IReadOnlyList<CompactionCondition> Conditions,
    double? P99BOverC,
    double? P99BOverA,
    double? RateBOverC,
    double? OtherProcessesCores,
    IReadOnlyList<CompactionRun> Runs)
{
    /// <summary>The goal: compaction never more than doubles the hot load's ack p99 (B against C, equal load).</summary>
    public const double GoalP99Ratio = 2.0;

    public bool EventsAccountedFor => Runs.All(r => r.EventsAccountedFor);

    public bool? GoalMet => P99BOverC is { } ratio ? ratio <= GoalP99Ratio : null;

    public static double? Ratio(double value, double reference) => reference > 0 ? Math.Round(value / reference, 2) : null;
}
