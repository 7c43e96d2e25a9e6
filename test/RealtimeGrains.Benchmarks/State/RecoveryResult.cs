namespace RealtimeGrains.Benchmarks.State;

/// <summary>The acknowledged rate at one moment of the recovery load: the trailing 1-second window, seconds relative to the kill.</summary>
internal sealed record RatePoint(double SecondsFromKill, double EventsPerSecond);

/// <summary>What the recovery scenario measured: the three recovery times, the rates around the kill, and the load's totals.</summary>
internal sealed record RecoveryResult(
    int Silos,
    int Partitions,
    int VictimPartitions,
    long KeysFilled,
    double FillKeysPerSecond,
    long KeysHeld,
    int HotKeys,
    int AckTimeoutMs,
    double PreKillEventsPerSecond,
    double LowestEventsPerSecondAfterKill,
    double KillToDeclaredDeadSeconds,
    double DeclaredDeadToAllPartitionsAnswerSeconds,
    double? KillToRateRecoveredSeconds,
    double? AfterRecoveryEventsPerSecond,
    double LoadSeconds,
    double DrainSeconds,
    long EventsPublished,
    long EventsAcked,
    long EventsApplied,
    long HotKeyCountIncrease,
    long BatchesResent,
    long DuplicatesDropped,
    double? LoadAverageAtStart,
    double? LoadAverageAtEnd,
    IReadOnlyList<RatePoint> Timeline)
{
    /// <summary>The warm-up load on the same cluster before the kill (the baseline): acknowledged events/s, ack p50 and p99 ms.</summary>
    public (double EventsPerSecond, double AckP50Ms, double AckP99Ms) Steady { get; init; }

    /// <summary>Ack latency p50 and p99 (ms) over the whole load with the kill, resends included.</summary>
    public (double P50Ms, double P99Ms) Ack { get; init; }

    /// <summary>Kill to every partition answering: kill → declared dead, then declared dead → all partitions answer.</summary>
    public double KillToAllPartitionsAnswerSeconds => Math.Round(KillToDeclaredDeadSeconds + DeclaredDeadToAllPartitionsAnswerSeconds, 3);

    /// <summary>Exactly once: every published event acknowledged, applied once by the partitions, and counted once in its key.</summary>
    public bool EventsAccountedFor => EventsAcked == EventsPublished && EventsApplied == EventsPublished && HotKeyCountIncrease == EventsPublished;
}
