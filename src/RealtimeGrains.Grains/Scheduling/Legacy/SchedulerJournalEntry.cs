namespace RealtimeGrains.Scheduling.Legacy;

/// <summary>
/// One journal entry as schedulers stored it until 2026-12: what changed since the previous write (changed
/// unfinished tasks whole, finished ones by id; the queue-wide values in full). Only read, to upcast it.
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.scheduler-journal-entry")]
internal sealed record SchedulerJournalEntry
{
    [Id(0)] public QueueSettings? Settings { get; init; }
    [Id(1)] public long NextSequence { get; init; }
    [Id(2)] public IReadOnlyList<QueuedTask> Upserts { get; init; } = [];
    [Id(3)] public IReadOnlyList<string> Removed { get; init; } = [];
    [Id(4)] public IReadOnlyList<TaskInfo> Finished { get; init; } = [];
    [Id(5)] public IReadOnlyDictionary<string, double> Estimates { get; init; } = new Dictionary<string, double>();
    [Id(6)] public long Submitted { get; init; }
    [Id(7)] public long Completed { get; init; }
    [Id(8)] public long Failed { get; init; }
    [Id(9)] public long Retried { get; init; }
    [Id(10)] public IReadOnlyList<RequestRecord> Requests { get; init; } = [];
}
