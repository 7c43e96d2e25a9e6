namespace RealtimeGrains.Cli.Demo;

/// <summary>
/// What <c>rtg demo</c> reports at the end (<c>--json</c> writes this). <c>NothingLost</c>: every event sent was
/// acknowledged and applied once (each key's count checked), and every task finished once.
/// </summary>
internal sealed record DemoSummary(
    string Cluster,
    double DurationSeconds,
    string? Dashboard,
    bool NothingLost,
    EventsSummary Events,
    MetricsSummary Metrics,
    IReadOnlyList<PolicySummary> Scheduling,
    IReadOnlyList<SiloShare> Placement,
    SpeechOutcome Speech,
    KillSummary? Kill);

/// <summary>
/// The events part: <c>Lost</c> and <c>Duplicated</c> are summed over keys (sent minus counted, counted minus sent);
/// <c>CorruptedSends</c> are batch sends fault injection corrupted, <c>CrcFailuresCaught</c> the batches the partitions
/// refused for a CRC mismatch (each was sent again).
/// </summary>
internal sealed record EventsSummary(
    long Sent, long Acked, long Applied, long Lost, long Duplicated, int KeysMismatched, int KeysChecked,
    long Resent, long CorruptedSends, long CrcFailuresCaught, long KeysHeld, double EventsPerSecond);

/// <summary>The windowed metrics part: <c>LastWindowDelayMs</c> is how long after its end the last window reached the subscriber.</summary>
internal sealed record MetricsSummary(long Published, int Windows, int Hosts, double? LastWindowDelayMs);

/// <summary>
/// One policy's queue: <c>Rerun</c> counts tasks that needed another attempt (their silo was lost), each still finished
/// once; <c>UrgentMeanWaitMs</c> is the mean wait of the jobs with priority <see cref="JobSet.Urgent"/> or more.
/// </summary>
internal sealed record PolicySummary(
    string Policy, int Submitted, int Completed, int Failed, int Rerun, double? MeanWaitMs, double? P95WaitMs, double? UrgentMeanWaitMs);

/// <summary>One silo's part (<c>Share</c>, a fraction) of the tasks that ran, next to its capacity.</summary>
internal sealed record SiloShare(string Silo, string Name, string Status, int Tasks, double Share, double? Capacity, int? TaskSlots);

/// <summary>The speech part: <c>Skipped</c> says why it did not run; <c>Accuracy</c> is the fraction of commands heard as spoken.</summary>
internal sealed record SpeechOutcome(
    string? Skipped, int Commands, int Correct, double? Accuracy, double? MeanLatencyMs, double? MaxLatencyMs, IReadOnlyList<SpeechLine> Lines);

/// <summary>One spoken command: what was said, what was heard (utterances joined by " | "), the lowest confidence and the highest client-measured latency.</summary>
internal sealed record SpeechLine(string File, string Expected, string Heard, bool Correct, double Confidence, double? LatencyMs);

/// <summary>The kill: when, and how long until the cluster listed the silo as dead.</summary>
internal sealed record KillSummary(string Silo, double AtSeconds, double? DeclaredDeadAfterSeconds);
