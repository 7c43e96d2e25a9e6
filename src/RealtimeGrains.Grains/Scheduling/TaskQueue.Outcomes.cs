namespace RealtimeGrains.Scheduling;

internal sealed partial class TaskQueue
{
    /// <summary>Records a completed attempt: frees its slot, learns its run time, keeps it in the history.</summary>
    /// <returns>The finished task, or null when the outcome is stale.</returns>
    public TaskInfo? Complete(string id, TaskRunOutcome outcome)
    {
        if (Running(id, outcome.Attempt) is not { } task)
        {
            return null;
        }

        var info = task.ToInfo(Name) with
        {
            Status = TaskState.Completed,
            CompletedAt = outcome.CompletedAt,
            RunMs = outcome.RunMs,
            Silo = outcome.Silo,
            Error = null,
        };
        Raise(new TaskFinished(info));
        return info;
    }

    /// <summary>
    /// Records a failed attempt: retried after a backoff while attempts remain (at once when <paramref name="siloLost"/>:
    /// the attempt never ran to an answer because its silo is gone, and another silo can take it now), else failed for good.
    /// </summary>
    /// <returns>Null when stale; otherwise the final info (Failed) or the task's pending info with its retry time.</returns>
    public (TaskInfo Info, DateTimeOffset? RetryAt)? Fail(string id, int attempt, string error, DateTimeOffset now, double? runMs = null, bool siloLost = false)
    {
        if (Running(id, attempt) is not { } task)
        {
            return null;
        }

        if (task.Attempts >= task.Spec.MaxAttempts)
        {
            var failed = task.ToInfo(Name) with { Status = TaskState.Failed, CompletedAt = now, RunMs = runMs, Error = error };
            Raise(new TaskFinished(failed));
            return (failed, null);
        }

        var retryAt = siloLost ? now : now + Backoff(task.Attempts);
        Raise(new RetryScheduled(id, attempt, error, now, retryAt));
        return (_state.Tasks[id].ToInfo(Name), retryAt);
    }

    /// <summary>Moves tasks whose backoff has passed back to the policy.</summary>
    public int ReleaseDue(DateTimeOffset now)
    {
        var released = 0;
        while (_retries.Count > 0 && _retries.Min.RetryAt <= now)
        {
            Raise(new RetryReleased(_retries.Min.Id));
            released++;
        }

        return released;
    }

    /// <summary>Checks and applies a settings change.</summary>
    /// <exception cref="UnknownPolicyException">The policy name is unknown.</exception>
    /// <exception cref="InvalidQueueSettingsException">A value is out of range.</exception>
    public QueueSettings Configure(QueueSettingsChange change)
    {
        var next = QueueSettingsCheck.Apply(Name, Settings, change);
        Raise(new SettingsChanged(next));
        return next;
    }

    private TimeSpan Backoff(int attempts)
    {
        var ms = _options.RetryBackoffMs * Math.Pow(2, Math.Min(attempts - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, _options.MaxRetryBackoffMs));
    }
}
