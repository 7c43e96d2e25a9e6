namespace RealtimeGrains.Scheduling;

/// <summary>One task changed state; published on the queue's stream (provider <c>rtg-tasks</c>, namespace = queue).</summary>
[GenerateSerializer, Immutable, Alias("rtg.task-status-changed")]
public sealed record TaskStatusChanged
{
    [Id(0)] public required string TaskId { get; init; }

    [Id(1)] public required string Queue { get; init; }

    [Id(2)] public required TaskState Status { get; init; }

    /// <summary>The attempt this change is about (0 before the first start).</summary>
    [Id(3)] public int Attempt { get; init; }

    [Id(4)] public DateTimeOffset At { get; init; }

    /// <summary>Error of a failed attempt (the task may still be retried: status is then Pending).</summary>
    [Id(5)] public string? Error { get; init; }
}
