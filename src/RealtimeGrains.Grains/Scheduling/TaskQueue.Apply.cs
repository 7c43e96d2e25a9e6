namespace RealtimeGrains.Scheduling;

internal sealed partial class TaskQueue
{
    private readonly QueueState _state;
    private readonly QueueSettings _defaults;

    /// <summary>Pending tasks ready to start, in the order of the queue's policy.</summary>
    private ISchedulingPolicy _policy;

    /// <summary>Pending tasks waiting out a retry backoff, soonest first.</summary>
    private readonly SortedSet<(DateTimeOffset RetryAt, long Sequence, string Id)> _retries = [];

    /// <summary>Pending tasks (ready or waiting out a retry) by submit time: the oldest without a scan.</summary>
    private readonly SortedSet<(DateTimeOffset SubmittedAt, long Sequence)> _pendingBySubmit = [];

    /// <summary>Running tasks of an earlier activation, to re-attach before anything new starts.</summary>
    private readonly Queue<string> _recovered;

    /// <summary>The request ids of <see cref="QueueState.Requests"/>, with their tasks.</summary>
    private readonly Dictionary<string, string> _requests = new(StringComparer.Ordinal);

    /// <summary>The one place where the queue changes: live, and when a journal is replayed.</summary>
    private void Apply(QueueEvent change)
    {
        switch (change)
        {
            case TaskAccepted accepted:
                var task = accepted.Task;
                _state.Tasks.Add(task.Id, task);
                Index(task);
                _state.NextSequence = task.Sequence + 1;
                _state.Submitted++;
                _state.Settings ??= _defaults;
                if (task.Spec.RequestId is { } requestId && _options.RequestIdWindow > 0 && _requests.TryAdd(requestId, task.Id))
                {
                    _state.Requests.Enqueue(new RequestRecord(requestId, task.Id));
                    while (_state.Requests.Count > _options.RequestIdWindow)
                    {
                        _requests.Remove(_state.Requests.Dequeue().RequestId);
                    }
                }

                break;
            case TaskStarted started:
                var pending = _state.Tasks[started.Id];
                _policy.Remove(started.Id);
                _pendingBySubmit.Remove((pending.SubmittedAt, pending.Sequence));
                _state.Tasks[started.Id] = pending with
                {
                    State = TaskState.Running,
                    Attempts = started.Attempt,
                    FirstStartedAt = pending.FirstStartedAt ?? started.At,
                    StartedAt = started.At,
                };
                RunningCount++;
                break;
            case RetryScheduled retry:
                var waiting = _state.Tasks[retry.Id] with { State = TaskState.Pending, LastError = retry.Error, RetryAt = retry.RetryAt };
                _state.Tasks[retry.Id] = waiting;
                RunningCount--;
                _state.Retried++;
                Index(waiting);
                break;
            case RetryReleased released:
                var due = _state.Tasks[released.Id];
                _retries.Remove((due.RetryAt!.Value, due.Sequence, due.Id));
                _state.Tasks[released.Id] = due = due with { RetryAt = null };
                _policy.Enqueue(due);
                break;
            case TaskFinished finished:
                Finish(finished.Info);
                break;
            case SettingsChanged changed:
                ChangeSettings(changed.Settings);
                break;
        }
    }

    /// <summary>Adds every task of the snapshot to the indexes.</summary>
    private void Index()
    {
        foreach (var task in _state.Tasks.Values)
        {
            Index(task);
        }

        // The window may have shrunk since the snapshot was written.
        while (_state.Requests.Count > _options.RequestIdWindow)
        {
            _state.Requests.Dequeue();
        }

        foreach (var request in _state.Requests)
        {
            _requests[request.RequestId] = request.TaskId;
        }
    }

    private void Index(QueuedTask task)
    {
        if (task.State == TaskState.Running)
        {
            RunningCount++;
            return;
        }

        _pendingBySubmit.Add((task.SubmittedAt, task.Sequence));
        if (task.RetryAt is { } retryAt)
        {
            _retries.Add((retryAt, task.Sequence, task.Id));
        }
        else
        {
            _policy.Enqueue(task);
        }
    }

    private void Finish(TaskInfo info)
    {
        _state.Tasks.Remove(info.Id);
        RunningCount--;
        if (info.Status == TaskState.Completed)
        {
            _state.Completed++;
            if (info.RunMs is { } runMs && double.IsFinite(runMs) && runMs >= 0)
            {
                Estimator.Record(info.Handler, runMs);
            }
        }
        else
        {
            _state.Failed++;
        }

        if (_options.HistoryLength > 0)
        {
            _state.History.Enqueue(info);
            while (_state.History.Count > _options.HistoryLength)
            {
                _state.History.Dequeue();
            }
        }
    }

    /// <summary>A new policy or aging rate moves the pending tasks into a new policy.</summary>
    private void ChangeSettings(QueueSettings next)
    {
        if (!string.Equals(next.Policy, Settings.Policy, StringComparison.Ordinal) || next.AgingPerSecond != Settings.AgingPerSecond)
        {
            var policy = SchedulingPolicies.Create(next.Policy, Estimator, next.AgingPerSecond);
            foreach (var pending in _policy.Snapshot())
            {
                policy.Enqueue(pending);
            }

            _policy = policy;
        }

        _state.Settings = next;
    }
}
