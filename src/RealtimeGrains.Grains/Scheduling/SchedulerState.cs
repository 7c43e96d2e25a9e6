namespace RealtimeGrains.Scheduling;

/// <summary>A scheduler's snapshot: settings, unfinished tasks, recent history, counters, SJF estimates; <see cref="SchedulerJournalEntry"/> records follow it.</summary>
[GenerateSerializer, Immutable, Alias("rtg.scheduler-state")]
internal sealed record SchedulerState
{
    /// <summary>Null until the queue is first written (it then uses the configured defaults).</summary>
    [Id(0)] public QueueSettings? Settings { get; init; }

    [Id(1)] public long NextSequence { get; init; } = 1;

    [Id(2)] public IReadOnlyList<QueuedTask> Active { get; init; } = [];

    /// <summary>Recently finished tasks, oldest first, without results (the task grains keep those).</summary>
    [Id(3)] public IReadOnlyList<TaskInfo> History { get; init; } = [];

    [Id(4)] public IReadOnlyDictionary<string, double> Estimates { get; init; } = new Dictionary<string, double>();

    [Id(5)] public long Submitted { get; init; }

    [Id(6)] public long Completed { get; init; }

    [Id(7)] public long Failed { get; init; }

    [Id(8)] public long Retried { get; init; }

    /// <summary>Number of the first journal entry written after this snapshot (entries before it are folded in).</summary>
    [Id(9)] public long JournalStart { get; init; }

    /// <summary>The request-id window, oldest first.</summary>
    [Id(10)] public IReadOnlyList<RequestRecord> Requests { get; init; } = [];
}
