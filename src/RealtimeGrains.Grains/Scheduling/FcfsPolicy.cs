namespace RealtimeGrains.Scheduling;

/// <summary>
/// First come, first served: tasks run in accept order (<see cref="QueuedTask.Sequence"/>), also
/// when they are enqueued out of order, for example when restored from a snapshot.
/// </summary>
internal sealed class FcfsPolicy : ISchedulingPolicy
{
    private readonly SortedSet<QueuedTask> _queue = new(PendingTasks.BySequence);
    private readonly Dictionary<string, QueuedTask> _byId = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public string Name => SchedulingPolicies.Fcfs;

    /// <inheritdoc/>
    public int Count => _byId.Count;

    /// <inheritdoc/>
    public void Enqueue(QueuedTask task)
    {
        PendingTasks.AddToIndex(_byId, task, task);
        _queue.Add(task);
    }

    /// <inheritdoc/>
    public QueuedTask? Peek(DateTimeOffset now) => _queue.Min;

    /// <inheritdoc/>
    public bool Remove(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        if (!_byId.Remove(taskId, out var task))
        {
            return false;
        }

        _queue.Remove(task);
        return true;
    }

    /// <inheritdoc/>
    public IEnumerable<QueuedTask> Snapshot() => [.. _queue];
}
