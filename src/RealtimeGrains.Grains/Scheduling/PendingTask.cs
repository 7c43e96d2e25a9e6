namespace RealtimeGrains.Scheduling;

/// <summary>A task that has been accepted by a scheduler and is waiting to be dispatched.</summary>
/// <param name="TaskId">Unique id of the task within its queue.</param>
/// <param name="Handler">Name of the handler that runs the task; run-time estimates are learned per handler.</param>
/// <param name="Priority">Larger is more urgent (used by the priority policy).</param>
/// <param name="EstimatedCostMs">
/// Run time the submitter expects, in milliseconds, or <see langword="null"/> to use the learned
/// estimate of <paramref name="Handler"/>. Must be finite and &gt;= 0 when given.
/// </param>
/// <param name="Sequence">Accept order: monotonic and unique per queue; the final tie-breaker of every policy.</param>
/// <param name="AcceptedAt">When the scheduler accepted the task (used for aging).</param>
public sealed record PendingTask(
    string TaskId,
    string Handler,
    int Priority,
    double? EstimatedCostMs,
    long Sequence,
    DateTimeOffset AcceptedAt);
