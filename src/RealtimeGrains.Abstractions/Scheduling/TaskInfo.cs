namespace RealtimeGrains.Scheduling;

/// <summary>Everything known about one task: spec summary, state, times, attempts, outcome.</summary>
[GenerateSerializer, Immutable, Alias("rtg.task-info")]
public sealed record TaskInfo
{
    /// <summary>Task id, <c>{queue}:{sequence}</c> (see <see cref="TaskIds"/>).</summary>
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required string Queue { get; init; }

    [Id(2)] public required string Handler { get; init; }

    [Id(3)] public int Priority { get; init; }

    [Id(4)] public double? EstimatedCostMs { get; init; }

    [Id(5)] public TaskState Status { get; init; }

    [Id(6)] public DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Start of the latest attempt.</summary>
    [Id(7)] public DateTimeOffset? StartedAt { get; init; }

    [Id(8)] public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Submit to first start, in milliseconds.</summary>
    [Id(9)] public double? WaitMs { get; init; }

    /// <summary>Run time of the latest attempt, in milliseconds.</summary>
    [Id(10)] public double? RunMs { get; init; }

    /// <summary>Attempts started so far.</summary>
    [Id(11)] public int Attempts { get; init; }

    [Id(12)] public int MaxAttempts { get; init; }

    /// <summary>The handler's result when <see cref="TaskState.Completed"/>.</summary>
    [Id(13)] public byte[]? Result { get; init; }

    /// <summary>The latest attempt's error (kept when <see cref="TaskState.Failed"/>).</summary>
    [Id(14)] public string? Error { get; init; }

    /// <summary>The silo that ran the latest attempt, when known.</summary>
    [Id(15)] public string? Silo { get; init; }

    /// <summary>Start of the first attempt (wait time is measured to it).</summary>
    [Id(16)] public DateTimeOffset? FirstStartedAt { get; init; }

    /// <summary>
    /// The task finished but its outcome (result or error) is no longer stored: it was kept for
    /// <c>RealtimeGrains:Storage:TaskResultRetentionMinutes</c>, and memory storage keeps at most
    /// <c>MemoryTaskResultLimit</c> outcomes. What the queue's history still knows is given.
    /// </summary>
    [Id(17)] public bool OutcomeExpired { get; init; }
}
