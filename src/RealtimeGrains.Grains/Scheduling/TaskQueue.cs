using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RealtimeGrains.Scheduling;

/// <summary>
/// The state machine of one queue, without Orleans: accept, start by policy within the concurrency
/// limit, complete, fail with retry and backoff, recover from a snapshot. The scheduler grain
/// orchestrates it; every method is synchronous and takes the time from its caller.
/// </summary>
internal sealed partial class TaskQueue
{
    private readonly SchedulerOptions _options;
    private readonly Dictionary<string, QueuedTask> _active = new(StringComparer.Ordinal);
    private readonly Queue<string> _recovered = new();
    private readonly List<string> _delayed = [];
    private readonly LinkedList<TaskInfo> _history = new();

    /// <summary>Pending tasks (queued or waiting out a retry) by submit time: the oldest without a scan.</summary>
    private readonly SortedSet<(DateTimeOffset SubmittedAt, long Sequence)> _pendingBySubmit = [];
    private ISchedulingPolicy _policy;
    private long _nextSequence;
    private int _running;

    public TaskQueue(string name, SchedulerOptions options, SchedulerState state)
    {
        Name = name;
        _options = options;
        Configured = state.Settings is not null;
        Settings = state.Settings ?? QueueSettingsCheck.Defaults(options, name);
        Estimator = new DurationEstimator(options.SjfAlpha, options.SjfPriorMs);
        Estimator.Restore(state.Estimates);
        _policy = SchedulingPolicies.Create(Settings.Policy, Estimator, Settings.AgingPerSecond);
        _nextSequence = state.NextSequence;
        (Submitted, Completed, Failed, Retried) = (state.Submitted, state.Completed, state.Failed, state.Retried);
        foreach (var info in state.History)
        {
            _history.AddLast(info);
        }

        foreach (var request in state.Requests)
        {
            RememberRequest(request, isNew: false);
        }

        // Attempts that were running when the previous activation ended are re-attached first, with
        // the same attempt number: the task grain joins the attempt or returns its stored outcome.
        foreach (var task in state.Active.OrderBy(t => t.StartedAt).ThenBy(t => t.Sequence))
        {
            _active.Add(task.Id, task);
            if (task.State == TaskState.Running)
            {
                _recovered.Enqueue(task.Id);
            }
            else if (task.RetryAt is not null)
            {
                _pendingBySubmit.Add((task.SubmittedAt, task.Sequence));
                _delayed.Add(task.Id);
            }
            else
            {
                _pendingBySubmit.Add((task.SubmittedAt, task.Sequence));
                _policy.Enqueue(task.ToPending());
            }
        }
    }

    public string Name { get; }

    public QueueSettings Settings { get; private set; }

    /// <summary>Whether the settings were ever written (false: defaults of a queue never used).</summary>
    public bool Configured { get; private set; }

    public DurationEstimator Estimator { get; }

    public long Submitted { get; private set; }

    public long Completed { get; private set; }

    public long Failed { get; private set; }

    public long Retried { get; private set; }

    public int PendingCount => _policy.Count + _delayed.Count;

    public int RunningCount => _running + _recovered.Count;

    /// <summary>Submit time of the oldest pending task, or null when none is pending.</summary>
    public DateTimeOffset? OldestPendingSubmittedAt => _pendingBySubmit.Count == 0 ? null : _pendingBySubmit.Min.SubmittedAt;

    /// <exception cref="QueueFullException">Fewer than <paramref name="count"/> places are left.</exception>
    public void EnsureRoom(int count)
    {
        if (PendingCount + count > Settings.MaxLength)
        {
            throw new QueueFullException(string.Create(
                CultureInfo.InvariantCulture,
                $"queue '{Name}' is full ({PendingCount} pending, max length {Settings.MaxLength}){(count > 1 ? $"; a batch of {count} does not fit" : "")}; retry later"));
        }
    }

    /// <summary>Accepts an already validated spec (call <see cref="EnsureRoom"/> first).</summary>
    public QueuedTask Accept(TaskSpec spec, DateTimeOffset now)
    {
        var sequence = _nextSequence++;
        var task = new QueuedTask { Id = TaskIds.Format(Name, sequence), Sequence = sequence, Spec = spec, SubmittedAt = now };
        _active.Add(task.Id, task);
        _changed.Add(task.Id);
        if (spec.RequestId is not null)
        {
            RememberRequest(new RequestRecord(spec.RequestId, task.Id), isNew: true);
        }

        _policy.Enqueue(task.ToPending());
        _pendingBySubmit.Add((now, sequence));
        Submitted++;
        Configured = true;
        return task;
    }

    /// <summary>
    /// Takes the next task to run when a slot is free and the queue is not paused; sets
    /// <paramref name="newAttempt"/> to false when a recovered attempt is re-attached (same attempt number).
    /// </summary>
    public bool TryStart(DateTimeOffset now, [MaybeNullWhen(false)] out QueuedTask task, out bool newAttempt)
    {
        task = null;
        newAttempt = false;
        if (Settings.Paused || _running >= Settings.Concurrency)
        {
            return false;
        }

        if (_recovered.TryDequeue(out var id))
        {
            _running++;
            task = _active[id];
            return true;
        }

        if (!_policy.TryDequeue(now, out var pending))
        {
            return false;
        }

        var queued = _active[pending.TaskId];
        _pendingBySubmit.Remove((queued.SubmittedAt, queued.Sequence));
        task = queued with
        {
            State = TaskState.Running,
            Attempts = queued.Attempts + 1,
            FirstStartedAt = queued.FirstStartedAt ?? now,
            StartedAt = now,
        };
        _active[task.Id] = task;
        _changed.Add(task.Id);
        _running++;
        newAttempt = true;
        return true;
    }

    /// <summary>The running attempt, or null when <paramref name="attempt"/> is not the task's current running attempt.</summary>
    public QueuedTask? Running(string id, int attempt) =>
        _active.TryGetValue(id, out var task) && task.State == TaskState.Running && task.Attempts == attempt ? task : null;
}
