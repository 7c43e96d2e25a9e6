namespace RealtimeGrains.Scheduling;

/// <summary>
/// The scheduler of one named queue (key = queue name): accepts tasks durably, orders them by the
/// queue's policy and starts them on task grains as slots free up. A queue exists implicitly with the
/// configured defaults; <see cref="Configure"/> changes its settings at any time.
/// </summary>
public interface ISchedulerGrain : IGrainWithStringKey
{
    /// <summary>Accepts a task and returns its id once the accept is durably written.</summary>
    /// <exception cref="QueueFullException">The queue holds its maximum number of pending tasks.</exception>
    /// <exception cref="UnknownHandlerException">No handler of that name is registered.</exception>
    /// <exception cref="InvalidTaskException">The spec is malformed.</exception>
    Task<string> Submit(TaskSpec spec);

    /// <summary>
    /// Accepts several tasks with one durable write; all or nothing (a bad spec or too little room
    /// rejects the whole batch). Ids are returned in spec order.
    /// </summary>
    Task<IReadOnlyList<string>> SubmitMany(IReadOnlyList<TaskSpec> specs);

    /// <summary>Changes settings (null fields are kept) and returns the new settings once written.</summary>
    /// <exception cref="UnknownPolicyException">The policy name is unknown.</exception>
    /// <exception cref="InvalidQueueSettingsException">A value is out of range.</exception>
    Task<QueueSettings> Configure(QueueSettingsChange change);

    /// <summary>Settings and counters.</summary>
    Task<QueueStatus> GetStatus();

    /// <summary>A task of this queue (result included once it has finished).</summary>
    /// <exception cref="UnknownTaskException">This queue never accepted a task with that id.</exception>
    Task<TaskInfo> GetTask(string taskId);

    /// <summary>Pending, running and recently finished tasks, ordered by first start (not yet started last, in accept order).</summary>
    Task<IReadOnlyList<TaskInfo>> ListTasks();
}
