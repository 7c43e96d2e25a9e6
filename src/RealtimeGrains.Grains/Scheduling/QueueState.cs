namespace RealtimeGrains.Scheduling;

/// <summary>
/// What a queue knows, as its snapshot stores it: <see cref="TaskQueue"/> changes it only by applying
/// <see cref="QueueEvent"/>s, and a snapshot is a copy of it. Indexes for scheduling are rebuilt from it.
/// </summary>
[GenerateSerializer, Alias("rtg.queue-state")]
internal sealed class QueueState
{
    /// <summary>Null until the queue is first written (it then uses the configured defaults).</summary>
    [Id(0)] public QueueSettings? Settings { get; set; }

    [Id(1)] public long NextSequence { get; set; } = 1;

    /// <summary>Unfinished tasks (pending, waiting to retry, running) by id.</summary>
    [Id(2)] public Dictionary<string, QueuedTask> Tasks { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Recently finished tasks, oldest first, without results (the task grains keep those).</summary>
    [Id(3)] public Queue<TaskInfo> History { get; init; } = new();

    /// <summary>SJF's learned run time per handler, in milliseconds.</summary>
    [Id(4)] public Dictionary<string, double> Estimates { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The request-id window, oldest first.</summary>
    [Id(5)] public Queue<RequestRecord> Requests { get; init; } = new();

    [Id(6)] public long Submitted { get; set; }

    [Id(7)] public long Completed { get; set; }

    [Id(8)] public long Failed { get; set; }

    [Id(9)] public long Retried { get; set; }

    /// <summary>Number of the first journal entry written after this snapshot (set by <see cref="SchedulerStore"/>).</summary>
    [Id(10)] public long JournalStart { get; set; }
}
