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

        Finish(task);
        Completed++;
        if (double.IsFinite(outcome.RunMs) && outcome.RunMs >= 0)
        {
            Estimator.Record(task.Spec.Handler, outcome.RunMs);
        }

        return Remember(task.ToInfo(Name) with
        {
            Status = TaskState.Completed,
            CompletedAt = outcome.CompletedAt,
            RunMs = outcome.RunMs,
            Silo = outcome.Silo,
            Error = null,
        });
    }

    /// <summary>Records a failed attempt: retried after a backoff while attempts remain, else failed for good.</summary>
    /// <returns>Null when stale; otherwise the final info (Failed) or the task's pending info with its retry time.</returns>
    public (TaskInfo Info, DateTimeOffset? RetryAt)? Fail(string id, int attempt, string error, DateTimeOffset now, double? runMs = null)
    {
        if (Running(id, attempt) is not { } task)
        {
            return null;
        }

        Finish(task);
        if (task.Attempts >= task.Spec.MaxAttempts)
        {
            Failed++;
            var failed = task.ToInfo(Name) with { Status = TaskState.Failed, CompletedAt = now, RunMs = runMs, Error = error };
            return (Remember(failed), null);
        }

        Retried++;
        var retryAt = now + Backoff(task.Attempts);
        var pending = task with { State = TaskState.Pending, LastError = error, RetryAt = retryAt };
        _active[id] = pending;
        _changed.Add(id);
        _delayed.Add(id);
        _pendingBySubmit.Add((pending.SubmittedAt, pending.Sequence));
        return (pending.ToInfo(Name), retryAt);
    }

    /// <summary>Earliest retry time of a task waiting out its backoff, or null.</summary>
    public DateTimeOffset? NextRetryAt => _delayed.Count == 0 ? null : _delayed.Min(id => _active[id].RetryAt);

    /// <summary>Moves tasks whose backoff has passed back to the policy.</summary>
    public int ReleaseDue(DateTimeOffset now)
    {
        var released = 0;
        for (var i = _delayed.Count - 1; i >= 0; i--)
        {
            var task = _active[_delayed[i]];
            if (task.RetryAt <= now)
            {
                _delayed.RemoveAt(i);
                _active[task.Id] = task = task with { RetryAt = null };
                _changed.Add(task.Id);
                _policy.Enqueue(task.ToPending());
                released++;
            }
        }

        return released;
    }

    /// <summary>Applies a settings change; a new policy or aging rate moves the pending tasks into a new policy.</summary>
    public QueueSettings Apply(QueueSettingsChange change)
    {
        var next = QueueSettingsCheck.Apply(Name, Settings, change);
        if (!string.Equals(next.Policy, Settings.Policy, StringComparison.Ordinal) || next.AgingPerSecond != Settings.AgingPerSecond)
        {
            var policy = SchedulingPolicies.Create(next.Policy, Estimator, next.AgingPerSecond);
            foreach (var pending in _policy.Snapshot())
            {
                policy.Enqueue(pending);
            }

            _policy = policy;
        }

        Settings = next;
        Configured = true;
        return next;
    }

    private void Finish(QueuedTask task)
    {
        _running--;
        _active.Remove(task.Id);
        _changed.Add(task.Id);
    }

    private TimeSpan Backoff(int attempts)
    {
        var ms = _options.RetryBackoffMs * Math.Pow(2, Math.Min(attempts - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, _options.MaxRetryBackoffMs));
    }

    private TaskInfo Remember(TaskInfo info)
    {
        if (_options.HistoryLength > 0)
        {
            _history.AddLast(info);
            _finished.Add(info);
            if (_history.Count > _options.HistoryLength)
            {
                _history.RemoveFirst();
            }
        }

        return info;
    }
}
