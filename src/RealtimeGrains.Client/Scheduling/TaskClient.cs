using System.Runtime.CompilerServices;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Client.Scheduling;

/// <summary>Submits tasks, manages queues and follows tasks of a RealtimeGrains cluster.</summary>
public sealed class TaskClient(IClusterClient client, TimeProvider time)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Submits a task; returns its id once the scheduler has durably accepted it. A spec without a
    /// <see cref="TaskSpec.RequestId"/> gets a new one, so a retried call cannot accept the task twice.
    /// </summary>
    public Task<string> SubmitAsync(string queue, TaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Scheduler(queue).Submit(WithRequestId(spec));
    }

    /// <summary>Submits several tasks with one durable write (all or nothing); request ids as <see cref="SubmitAsync"/>.</summary>
    public Task<IReadOnlyList<string>> SubmitManyAsync(string queue, IReadOnlyList<TaskSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        return Scheduler(queue).SubmitMany([.. specs.Select(WithRequestId)]);
    }

    /// <summary>Creates a queue or changes the given settings of an existing one (null fields keep their value).</summary>
    public Task<QueueSettings> CreateQueueAsync(string queue, string policy, int concurrency, int? maxLength = null, double? agingPerSecond = null) =>
        Scheduler(queue).Configure(new QueueSettingsChange { Policy = policy, Concurrency = concurrency, MaxLength = maxLength, AgingPerSecond = agingPerSecond });

    /// <summary>Changes settings while the queue runs.</summary>
    public Task<QueueSettings> SetQueueAsync(string queue, QueueSettingsChange change) => Scheduler(queue).Configure(change);

    /// <summary>Stops starting tasks (running ones finish; submits are still accepted).</summary>
    public Task<QueueSettings> PauseAsync(string queue) => SetQueueAsync(queue, new QueueSettingsChange { Paused = true });

    public Task<QueueSettings> ResumeAsync(string queue) => SetQueueAsync(queue, new QueueSettingsChange { Paused = false });

    public Task<QueueStatus> GetStatusAsync(string queue) => Scheduler(queue).GetStatus();

    private static TaskSpec WithRequestId(TaskSpec spec) => spec is { RequestId: null } ? spec with { RequestId = Guid.NewGuid().ToString("N") } : spec;

    /// <exception cref="UnknownTaskException">The id is malformed or unknown.</exception>
    public Task<TaskInfo> GetTaskAsync(string taskId) => Scheduler(QueueOf(taskId)).GetTask(taskId);

    /// <summary>Tasks of a queue ordered by first start (not yet started last).</summary>
    public Task<IReadOnlyList<TaskInfo>> ListTasksAsync(string queue) => Scheduler(queue).ListTasks();

    /// <summary>Polls with a growing interval (2 ms to 250 ms) until the task has completed or failed.</summary>
    public async Task<TaskInfo> WaitForCompletionAsync(string taskId, CancellationToken cancellationToken = default)
    {
        var delay = FirstPoll;
        while (true)
        {
            var info = await GetTaskAsync(taskId).ConfigureAwait(false);
            if (info.Status is TaskState.Completed or TaskState.Failed)
            {
                return info;
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = delay * 2 < MaxPoll ? delay * 2 : MaxPoll;
        }
    }

    /// <summary>
    /// Subscribes to a queue's task status changes; changes published after the returned task
    /// completes are received. Best effort: the stream is not durable, so use <see cref="GetTaskAsync"/>
    /// for the truth.
    /// </summary>
    public Task<TaskWatch> StartWatchAsync(string queue) => TaskWatch.StartAsync(client, queue);

    /// <summary>Status changes of a queue's tasks from now on, in order, until cancelled (see <see cref="StartWatchAsync"/>).</summary>
    public async IAsyncEnumerable<TaskStatusChanged> WatchAsync(string queue, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var watch = await StartWatchAsync(queue).ConfigureAwait(false);
        await using (watch.ConfigureAwait(false))
        {
            await foreach (var change in watch.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
    }

    private static string QueueOf(string taskId) =>
        TaskIds.QueueOf(taskId ?? throw new ArgumentNullException(nameof(taskId)))
        ?? throw new UnknownTaskException($"task id '{taskId}' is not valid; expected queue:number, e.g. q1:42");

    private ISchedulerGrain Scheduler(string queue) => client.GetGrain<ISchedulerGrain>(queue);
}
