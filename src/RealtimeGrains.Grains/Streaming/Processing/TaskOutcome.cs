using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>How a task a processor submitted ended, as it comes back to the key that submitted it.</summary>
[GenerateSerializer, Immutable, Alias("rtg.task-outcome")]
public sealed record TaskOutcome
{
    /// <summary>The id <see cref="KeyContext{TState,TOutput}.SubmitTask"/> returned (<c>{stream}/{key}/{sequence}</c>).</summary>
    [Id(0)] public required string SubmissionId { get; init; }

    /// <summary>The scheduler's task id.</summary>
    [Id(1)] public required string TaskId { get; init; }

    [Id(2)] public required TaskState Status { get; init; }

    /// <summary>The handler's result when <see cref="TaskState.Completed"/>.</summary>
    [Id(3)] public byte[]? Result { get; init; }

    /// <summary>Why it failed, when <see cref="TaskState.Failed"/>.</summary>
    [Id(4)] public string? Error { get; init; }

    /// <summary>Submit to finish, in milliseconds.</summary>
    [Id(5)] public double ElapsedMs { get; init; }
}
