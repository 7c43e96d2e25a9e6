namespace RealtimeGrains.Scheduling;

/// <summary>A scheduler's request to a task grain to run one attempt.</summary>
[GenerateSerializer, Immutable, Alias("rtg.task-run")]
internal sealed record TaskRun
{
    [Id(0)] public required string TaskId { get; init; }

    [Id(1)] public required string Queue { get; init; }

    [Id(2)] public required TaskSpec Spec { get; init; }

    /// <summary>1 for the first attempt.</summary>
    [Id(3)] public required int Attempt { get; init; }

    [Id(4)] public DateTimeOffset SubmittedAt { get; init; }

    /// <summary>When the first attempt started (the wait time ends there).</summary>
    [Id(5)] public DateTimeOffset FirstStartedAt { get; init; }

    /// <summary>When the scheduler dispatched this attempt.</summary>
    [Id(6)] public DateTimeOffset StartedAt { get; init; }

    /// <summary>
    /// True when the scheduler dispatches the task for the first time (attempt 1, not a re-attach after
    /// a scheduler restart): no task grain has run it, so the grain need not read its stored state first.
    /// </summary>
    [Id(7)] public bool FirstDispatch { get; init; }
}
