namespace RealtimeGrains.Scheduling;

/// <summary>What a scheduler grain persists: settings, unfinished tasks, recent history, counters, SJF estimates.</summary>
[GenerateSerializer, Immutable, Alias("rtg.scheduler-state")]
internal sealed record SchedulerState
{
    /// <summary>Null until the queue is first written (it then uses the configured defaults).</summary>
    [Id(0)] public QueueSettings? Settings { get; init; }

    [Id(1)] public long NextSequence { get; init; } = 1;

    [Id(2)] public IReadOnlyList<QueuedTask> Active { get; init; } = [];

    /// <summary>Recently finished tasks, oldest first (results are kept by the task grains); written only when the scheduler deactivates, empty otherwise.</summary>
    [Id(3)] public IReadOnlyList<TaskInfo> History { get; init; } = [];

    [Id(4)] public IReadOnlyDictionary<string, double> Estimates { get; init; } = new Dictionary<string, double>();

    [Id(5)] public long Submitted { get; init; }

    [Id(6)] public long Completed { get; init; }

    [Id(7)] public long Failed { get; init; }

    [Id(8)] public long Retried { get; init; }
}
