namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>What the soak accounted for once the load stopped: every event acknowledged and applied once, every accepted task completed.</summary>
internal sealed record SoakChecks(
    long EventsPublished, long EventsAcked, long EventsApplied, long BatchesResent,
    long TasksAccepted, long TasksCompleted, long TasksFailed, long TasksRetried, double DrainSeconds)
{
    public bool EventsAccountedFor => EventsAcked == EventsPublished && EventsApplied == EventsPublished;

    public bool TasksAccountedFor => TasksCompleted == TasksAccepted && TasksFailed == 0;

    public bool Passed => EventsAccountedFor && TasksAccountedFor;
}
