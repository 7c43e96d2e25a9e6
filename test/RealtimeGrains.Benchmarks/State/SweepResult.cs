namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// The size sweep on one storage: the warm-up runs (the first creates the hot keys), the silo's memory before any fill,
/// a <see cref="SizeResult"/> per size, and the cores other processes on the machine kept busy meanwhile (mean; null
/// where the machine's CPU time cannot be read); with <c>--compaction</c>, the compaction runs at the last size.
/// </summary>
internal sealed record SweepResult(
    string Storage, int Partitions, IReadOnlyList<double> WarmupEventsPerSecond, long BaselineKeys, long BaselineRssBytes, IReadOnlyList<SizeResult> Sizes,
    double? OtherProcessesCores, CompactionResult? Compaction = null)
{
    /// <summary>Every hot run's events (and, with <c>--compaction</c>, every churn's) were acknowledged once and applied once.</summary>
    public bool EventsAccountedFor => Sizes.All(s => s.EventsAccountedFor) && Compaction?.EventsAccountedFor != false;
}
