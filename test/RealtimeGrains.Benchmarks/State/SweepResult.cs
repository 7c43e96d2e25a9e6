namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// The size sweep on one storage: the warm-up (which creates the hot keys), the silo's memory before any fill,
/// and a <see cref="SizeResult"/> per size.
/// </summary>
internal sealed record SweepResult(
    string Storage, int Partitions, double WarmupEventsPerSecond, long BaselineKeys, long BaselineRssBytes, IReadOnlyList<SizeResult> Sizes)
{
    /// <summary>Every hot run's events were acknowledged once and applied once.</summary>
    public bool EventsAccountedFor => Sizes.All(s => s.EventsAccountedFor);
}
