using Microsoft.Extensions.Logging;

namespace RealtimeGrains.Scheduling;

internal sealed partial class SchedulerGrain
{
    /// <summary>
    /// What follows from each event the queue raised (after it was applied): the journal, metrics, status
    /// messages, logs, the retry timer and the task grain's final state.
    /// </summary>
    private void OnRaised(QueueEvent change)
    {
        _store.Append(change);
        var settings = _queue.Settings;
        switch (change)
        {
            case TaskAccepted accepted:
                SchedulerMetrics.Submitted(settings, _name, 1);
                Publish(accepted.Task.Id, TaskState.Pending, 0, accepted.Task.SubmittedAt, null);
                break;
            case TaskStarted started:
                Publish(started.Id, TaskState.Running, started.Attempt, started.At, null);
                SchedulerMetrics.Started(settings, _name, started.Attempt == 1 && _queue.Running(started.Id, 1) is { } task ? (started.At - task.SubmittedAt).TotalMilliseconds : null);
                break;
            case RetryScheduled retry:
                LogAttemptFailed(logger, retry.Id, retry.Attempt, retry.Error);
                SchedulerMetrics.Retried(settings, _name);
                Publish(retry.Id, TaskState.Pending, retry.Attempt, retry.At, retry.Error);
                ArmRetryTimer();
                break;
            case TaskFinished { Info: { Status: TaskState.Completed } info }:
                SchedulerMetrics.Completed(settings, _name, info.RunMs ?? 0);
                Publish(info.Id, TaskState.Completed, info.Attempts, info.CompletedAt ?? time.GetUtcNow(), null);
                break;
            case TaskFinished { Info: var info }:
                LogAttemptFailed(logger, info.Id, info.Attempts, info.Error ?? "");
                SchedulerMetrics.Failed(settings, _name);
                Publish(info.Id, TaskState.Failed, info.Attempts, info.CompletedAt ?? time.GetUtcNow(), info.Error);
                _ = RecordFailureAsync(info);
                break;
            case SettingsChanged { Settings: var next }:
                LogConfigured(logger, _name, next.Policy, next.Concurrency, next.MaxLength, next.Paused);
                break;
        }
    }

    private void Publish(string taskId, TaskState status, int attempt, DateTimeOffset at, string? error) =>
        _publisher.Add(new TaskStatusChanged { TaskId = taskId, Queue = _name, Status = status, Attempt = attempt, At = at, Error = error });

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Queue} set to policy {Policy}, concurrency {Concurrency}, max length {MaxLength}, paused {Paused}")]
    private static partial void LogConfigured(ILogger logger, string queue, string policy, int concurrency, int maxLength, bool paused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} attempt {Attempt} failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string taskId, int attempt, string error);
}
