namespace RealtimeGrains.Scheduling;

/// <summary>
/// Decides which pending task is dispatched next. Implementations are not thread-safe (a grain
/// calls them from one activation) and every operation is O(log n) or O(number of handlers).
/// </summary>
internal interface ISchedulingPolicy
{
    /// <summary>The policy's configuration name, such as <c>fcfs</c>.</summary>
    string Name { get; }

    /// <summary>Number of pending tasks.</summary>
    int Count { get; }

    /// <summary>Adds a task.</summary>
    /// <exception cref="ArgumentException">A task with the same id is already pending, or the task is malformed.</exception>
    void Enqueue(QueuedTask task);

    /// <summary>The task that should run next at <paramref name="now"/>, or null when nothing is pending; the queue then <see cref="Remove"/>s it.</summary>
    QueuedTask? Peek(DateTimeOffset now);

    /// <summary>Removes a pending task by id (when it starts, or is cancelled).</summary>
    /// <returns><see langword="false"/> when no pending task has that id.</returns>
    bool Remove(string taskId);

    /// <summary>
    /// A copy of all pending tasks, in no particular order; used to move the tasks into another policy
    /// while the queue runs. Changing the policy afterwards does not change the returned sequence.
    /// </summary>
    IEnumerable<QueuedTask> Snapshot();
}
