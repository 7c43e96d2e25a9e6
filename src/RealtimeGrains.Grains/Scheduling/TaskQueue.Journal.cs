namespace RealtimeGrains.Scheduling;

internal sealed partial class TaskQueue
{
    /// <summary>Tasks accepted, changed or finished since the last snapshot or entry was taken.</summary>
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    /// <summary>History additions since the last snapshot or entry was taken.</summary>
    private readonly List<TaskInfo> _finished = [];

    /// <summary>Unfinished tasks (pending, waiting to retry, running).</summary>
    public int ActiveCount => _active.Count;

    /// <summary>The whole state, as of now; changes taken so far are folded into it.</summary>
    public SchedulerState TakeSnapshot()
    {
        _changed.Clear();
        _finished.Clear();
        _newRequests.Clear();
        return new SchedulerState
        {
            Requests = [.. _requestOrder],
            Settings = Configured ? Settings : null,
            NextSequence = _nextSequence,
            Active = [.. _active.Values],
            History = [.. _history],
            Estimates = Estimator.Snapshot(),
            Submitted = Submitted,
            Completed = Completed,
            Failed = Failed,
            Retried = Retried,
        };
    }

    /// <summary>What changed since the last snapshot or entry was taken.</summary>
    public SchedulerJournalEntry TakeChanges()
    {
        var upserts = new List<QueuedTask>(_changed.Count);
        var removed = new List<string>();
        foreach (var id in _changed)
        {
            if (_active.TryGetValue(id, out var task))
            {
                upserts.Add(task);
            }
            else
            {
                removed.Add(id);
            }
        }

        var entry = new SchedulerJournalEntry
        {
            Settings = Configured ? Settings : null,
            NextSequence = _nextSequence,
            Upserts = upserts,
            Removed = removed,
            Finished = [.. _finished],
            Requests = [.. _newRequests],
            Estimates = Estimator.Snapshot(),
            Submitted = Submitted,
            Completed = Completed,
            Failed = Failed,
            Retried = Retried,
        };
        _changed.Clear();
        _finished.Clear();
        _newRequests.Clear();
        return entry;
    }
}
