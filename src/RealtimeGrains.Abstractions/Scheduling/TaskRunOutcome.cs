namespace RealtimeGrains.Scheduling;

/// <summary>How one attempt ended, as a task grain reports it to its scheduler.</summary>
[GenerateSerializer, Immutable, Alias("rtg.task-run-outcome")]
public sealed record TaskRunOutcome
{
    /// <summary>The attempt this outcome is about.</summary>
    [Id(0)] public required int Attempt { get; init; }

    /// <summary>Completed (with <see cref="Result"/>), Failed (with <see cref="Error"/>), or Running when the call was stale.</summary>
    [Id(1)] public required TaskState Status { get; init; }

    [Id(2)] public byte[]? Result { get; init; }

    [Id(3)] public string? Error { get; init; }

    /// <summary>Handler run time in milliseconds.</summary>
    [Id(4)] public double RunMs { get; init; }

    [Id(5)] public DateTimeOffset CompletedAt { get; init; }

    [Id(6)] public string? Silo { get; init; }

    /// <summary>True when the call was for an attempt older than the grain's latest: ignore it.</summary>
    [Id(7)] public bool Stale { get; init; }
}
