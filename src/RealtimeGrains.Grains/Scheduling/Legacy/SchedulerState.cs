namespace RealtimeGrains.Scheduling.Legacy;

/// <summary>
/// A queue's snapshot as schedulers stored it until 2026-12 (state <c>scheduler</c> of the scheduler grain), with
/// <see cref="SchedulerJournalEntry"/> records after it. Only read, to upcast it (<see cref="LegacyQueue"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.scheduler-state")]
internal sealed record SchedulerState
{
    [Id(0)] public QueueSettings? Settings { get; init; }
    [Id(1)] public long NextSequence { get; init; } = 1;
    [Id(2)] public IReadOnlyList<QueuedTask> Active { get; init; } = [];
    [Id(3)] public IReadOnlyList<TaskInfo> History { get; init; } = [];
    [Id(4)] public IReadOnlyDictionary<string, double> Estimates { get; init; } = new Dictionary<string, double>();
    [Id(5)] public long Submitted { get; init; }
    [Id(6)] public long Completed { get; init; }
    [Id(7)] public long Failed { get; init; }
    [Id(8)] public long Retried { get; init; }
    [Id(9)] public long JournalStart { get; init; }
    [Id(10)] public IReadOnlyList<RequestRecord> Requests { get; init; } = [];
}
