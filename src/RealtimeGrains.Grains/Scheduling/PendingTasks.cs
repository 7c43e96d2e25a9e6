namespace RealtimeGrains.Scheduling;

/// <summary>Checks and orderings shared by the policies.</summary>
internal static class PendingTasks
{
    /// <summary>Accept order: <see cref="QueuedTask.Sequence"/>, then task id so distinct tasks never compare equal.</summary>
    public static readonly IComparer<QueuedTask> BySequence = Comparer<QueuedTask>.Create(static (a, b) => CompareSequence(a!, b!));

    /// <summary>Compares by accept order, then ordinal task id.</summary>
    public static int CompareSequence(QueuedTask a, QueuedTask b)
    {
        var bySequence = a.Sequence.CompareTo(b.Sequence);
        return bySequence != 0 ? bySequence : string.CompareOrdinal(a.Id, b.Id);
    }

    /// <summary>
    /// Validates a task and adds it to the id index, so a malformed or duplicate task is rejected
    /// before any policy structure changes. Every policy applies the same rules, which keeps a
    /// policy switch from failing halfway.
    /// </summary>
    public static void AddToIndex<TValue>(Dictionary<string, TValue> index, QueuedTask task, TValue value)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (string.IsNullOrEmpty(task.Id))
        {
            throw new ArgumentException("TaskId must be a non-empty string.", nameof(task));
        }

        if (task.Spec.Handler is null)
        {
            throw new ArgumentException($"task '{task.Id}': Handler must not be null.", nameof(task));
        }

        if (task.Spec.EstimatedCostMs is { } cost && !(cost >= 0 && double.IsFinite(cost)))
        {
            throw new ArgumentException(
                $"task '{task.Id}': EstimatedCostMs = '{cost}' is not valid; allowed: a finite number >= 0, or null",
                nameof(task));
        }

        if (!index.TryAdd(task.Id, value))
        {
            throw new ArgumentException($"task '{task.Id}' is already pending.", nameof(task));
        }
    }
}
