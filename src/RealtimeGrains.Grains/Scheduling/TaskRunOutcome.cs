namespace RealtimeGrains.Scheduling;

/// <summary>How one attempt ended, as a task grain reports it to its scheduler.</summary>
[GenerateSerializer, Immutable, Alias("rtg.task-run-outcome")]
internal sealed record TaskRunOutcome
{
    /// <summary>The attempt this outcome is about.</summary>
    [Id(0)] public required int Attempt { get; init; }

    /// <summary>Completed (with <see cref="Result"/>) or Failed (with <see cref="Error"/>).</summary>
    [Id(1)] public required TaskState Status { get; init; }

    [Id(2)] public byte[]? Result { get; init; }

    [Id(3)] public string? Error { get; init; }

    /// <summary>Handler run time in milliseconds.</summary>
    [Id(4)] public double RunMs { get; init; }

    [Id(5)] public DateTimeOffset CompletedAt { get; init; }

    [Id(6)] public string? Silo { get; init; }
}
