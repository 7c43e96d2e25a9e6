namespace RealtimeGrains.Scheduling;

/// <summary>
/// One segment of a scheduler's journal: what changed since the previous write. Unfinished tasks that
/// changed are written whole, finished ones by id; the small queue-wide values are repeated in full.
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.scheduler-journal-entry")]
internal sealed record SchedulerJournalEntry
{
    [Id(0)] public QueueSettings? Settings { get; init; }

    [Id(1)] public long NextSequence { get; init; }

    /// <summary>Unfinished tasks accepted or changed (started, failed and waiting to retry, released).</summary>
    [Id(2)] public IReadOnlyList<QueuedTask> Upserts { get; init; } = [];

    /// <summary>Tasks that finished (completed or failed for good).</summary>
    [Id(3)] public IReadOnlyList<string> Removed { get; init; } = [];

    /// <summary>Finished tasks added to the history, oldest first.</summary>
    [Id(4)] public IReadOnlyList<TaskInfo> Finished { get; init; } = [];

    [Id(5)] public IReadOnlyDictionary<string, double> Estimates { get; init; } = new Dictionary<string, double>();

    [Id(6)] public long Submitted { get; init; }

    [Id(7)] public long Completed { get; init; }

    [Id(8)] public long Failed { get; init; }

    [Id(9)] public long Retried { get; init; }

    /// <summary>Request ids accepted, oldest first.</summary>
    [Id(10)] public IReadOnlyList<RequestRecord> Requests { get; init; } = [];

    /// <summary>Task changes this entry carries.</summary>
    public int Changes => Upserts.Count + Removed.Count;
}
