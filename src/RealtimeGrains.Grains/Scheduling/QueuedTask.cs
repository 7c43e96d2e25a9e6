namespace RealtimeGrains.Scheduling;

/// <summary>
/// An accepted task that has not finished: pending, waiting out a retry, or running. The queue holds each in one
/// place (<see cref="QueueState.Tasks"/>); the policies order the same instances.
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.queued-task")]
internal sealed record QueuedTask
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required long Sequence { get; init; }

    [Id(2)] public required TaskSpec Spec { get; init; }

    [Id(3)] public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Pending or Running.</summary>
    [Id(4)] public TaskState State { get; init; }

    /// <summary>Attempts started so far.</summary>
    [Id(5)] public int Attempts { get; init; }

    [Id(6)] public DateTimeOffset? FirstStartedAt { get; init; }

    [Id(7)] public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Set while the task waits out a retry backoff.</summary>
    [Id(8)] public DateTimeOffset? RetryAt { get; init; }

    [Id(9)] public string? LastError { get; init; }

    public TaskInfo ToInfo(string queue) => new()
    {
        Id = Id,
        Queue = queue,
        Handler = Spec.Handler,
        Priority = Spec.Priority,
        EstimatedCostMs = Spec.EstimatedCostMs,
        Status = State,
        SubmittedAt = SubmittedAt,
        FirstStartedAt = FirstStartedAt,
        StartedAt = StartedAt,
        WaitMs = FirstStartedAt is { } first ? (first - SubmittedAt).TotalMilliseconds : null,
        Attempts = Attempts,
        MaxAttempts = Spec.MaxAttempts,
        Error = LastError,
    };

    public TaskRun ToRun(string queue, bool firstDispatch) => new()
    {
        FirstDispatch = firstDispatch,
        TaskId = Id,
        Queue = queue,
        Spec = Spec,
        Attempt = Attempts,
        SubmittedAt = SubmittedAt,
        FirstStartedAt = FirstStartedAt ?? SubmittedAt,
        StartedAt = StartedAt ?? SubmittedAt,
    };
}
