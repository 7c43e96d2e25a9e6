using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RealtimeGrains.Scheduling;

/// <summary>
/// The state machine of one queue, without Orleans. Commands (accept, start, complete, fail, release,
/// configure) check their input and raise <see cref="QueueEvent"/>s; <c>Apply</c> makes every change, both
/// live and when a journal is replayed onto a snapshot. The scheduler grain orchestrates it; every method is
/// synchronous and takes the time from its caller.
/// </summary>
internal sealed partial class TaskQueue
{
    private readonly SchedulerOptions _options;
    private readonly Action<QueueEvent>? _raised;

    /// <summary>
    /// Restores the queue from <paramref name="snapshot"/> (which it then owns) and the <paramref name="journal"/>
    /// written after it; <paramref name="raised"/> is told of every event a command raises, after it was applied.
    /// </summary>
    public TaskQueue(string name, SchedulerOptions options, QueueState? snapshot = null, IEnumerable<QueueEvent>? journal = null, Action<QueueEvent>? raised = null)
    {
        Name = name;
        _options = options;
        _raised = raised;
        _state = snapshot ?? new QueueState();
        _defaults = QueueSettingsCheck.Defaults(options, name);
        Estimator = new DurationEstimator(options.SjfAlpha, options.SjfPriorMs, _state.Estimates);
        _policy = SchedulingPolicies.Create(Settings.Policy, Estimator, Settings.AgingPerSecond);
        Index();
        foreach (var change in journal ?? [])
        {
            Apply(change);
        }

        // Attempts that were running when the previous activation ended are re-attached first, with
        // the same attempt number: the task grain joins the attempt or returns its stored outcome.
        _recovered = new(_state.Tasks.Values.Where(t => t.State == TaskState.Running).OrderBy(t => t.StartedAt).ThenBy(t => t.Sequence).Select(t => t.Id));
    }

    public string Name { get; }

    /// <summary>What the queue knows; change it only through commands (the store copies it for a snapshot).</summary>
    public QueueState State => _state;

    public QueueSettings Settings => _state.Settings ?? _defaults;

    /// <summary>Whether the settings were ever written (false: defaults of a queue never used).</summary>
    public bool Configured => _state.Settings is not null;

    public DurationEstimator Estimator { get; }

    public int PendingCount => _policy.Count + _retries.Count;

    public int RunningCount { get; private set; }

    /// <summary>Submit time of the oldest pending task, or null when none is pending.</summary>
    public DateTimeOffset? OldestPendingSubmittedAt => _pendingBySubmit.Count == 0 ? null : _pendingBySubmit.Min.SubmittedAt;

    /// <summary>Earliest retry time of a task waiting out its backoff, or null.</summary>
    public DateTimeOffset? NextRetryAt => _retries.Count == 0 ? null : _retries.Min.RetryAt;

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
        var sequence = _state.NextSequence;
        var task = new QueuedTask { Id = TaskIds.Format(Name, sequence), Sequence = sequence, Spec = spec, SubmittedAt = now };
        Raise(new TaskAccepted(task));
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
        if (Settings.Paused || RunningCount - _recovered.Count >= Settings.Concurrency)
        {
            return false;
        }

        if (_recovered.TryDequeue(out var id))
        {
            task = _state.Tasks[id];
            return true;
        }

        if (_policy.Peek(now) is not { } next)
        {
            return false;
        }

        Raise(new TaskStarted(next.Id, next.Attempts + 1, now));
        task = _state.Tasks[next.Id];
        newAttempt = true;
        return true;
    }

    /// <summary>The running attempt, or null when <paramref name="attempt"/> is not the task's current running attempt.</summary>
    public QueuedTask? Running(string id, int attempt) =>
        _state.Tasks.TryGetValue(id, out var task) && task.State == TaskState.Running && task.Attempts == attempt ? task : null;

    private void Raise(QueueEvent change)
    {
        Apply(change);
        _raised?.Invoke(change);
    }
}
