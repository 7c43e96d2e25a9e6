namespace RealtimeGrains.Scheduling;

/// <summary>
/// One item of a queue's task stream: the status changes a scheduler gathered since its previous
/// publish, in the order they happened. Batching keeps the stream to one message per flush instead
/// of three per task.
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.task-status-batch")]
public sealed record TaskStatusBatch
{
    [Id(0)] public required IReadOnlyList<TaskStatusChanged> Changes { get; init; }
}
