namespace RealtimeGrains.Scheduling;

/// <summary>
/// Highest effective priority first, ties in accept order. With aging, a task's effective priority
/// at <c>now</c> is <c>Priority + agingPerSecond × (now − SubmittedAt)</c> in seconds, so a waiting
/// task eventually overtakes newer, more urgent ones; rate 0 is strict priority.
/// </summary>
/// <remarks>
/// Every task ages at the same rate, so effective(now) = (Priority − rate·SubmittedAt) + rate·now:
/// the order never changes with <c>now</c>, and sorting once by the time-invariant key
/// Priority − rate·SubmittedAt (seconds since an origin held by the policy) is exact and O(log n).
/// The origin is the SubmittedAt of the first task enqueued into an empty queue, which keeps the
/// offsets small for double precision.
/// </remarks>
/// <param name="agingPerSecond">Priority points gained per second of waiting; 0 = strict priority.</param>
/// <exception cref="ArgumentOutOfRangeException"><paramref name="agingPerSecond"/> is negative, NaN or infinite.</exception>
internal sealed class PriorityPolicy(double agingPerSecond) : ISchedulingPolicy
{
    private static readonly IComparer<Entry> _byKey = Comparer<Entry>.Create(static (a, b) =>
    {
        var byKey = b.Key.CompareTo(a.Key);
        return byKey != 0 ? byKey : PendingTasks.CompareSequence(a.Task, b.Task);
    });

    private readonly SortedSet<Entry> _queue = new(_byKey);
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private long _originTicks;

    /// <summary>Priority points a waiting task gains per second.</summary>
    public double AgingPerSecond { get; } = CheckRate(agingPerSecond);

    /// <inheritdoc/>
    public string Name => SchedulingPolicies.Priority;

    /// <inheritdoc/>
    public int Count => _byId.Count;

    /// <summary>
    /// Upper bound on how long a task of <paramref name="lowPriority"/> waits while new tasks of
    /// <paramref name="highPriority"/> keep arriving: it starts once its effective priority reaches
    /// <paramref name="highPriority"/>, after (high − low) / rate seconds (rounded up to a tick).
    /// The caller adds the time for the running task to finish; the bound assumes dispatch keeps up
    /// with arrivals (tasks accepted before the low task ages past them are served first).
    /// </summary>
    /// <returns>
    /// <see cref="TimeSpan.Zero"/> when high &lt;= low; <see cref="Timeout.InfiniteTimeSpan"/> when
    /// the rate is 0 (or the bound does not fit in a <see cref="TimeSpan"/>).
    /// </returns>
    public static TimeSpan MaxWait(int lowPriority, int highPriority, double agingPerSecond)
    {
        CheckRate(agingPerSecond);
        if (highPriority <= lowPriority)
        {
            return TimeSpan.Zero;
        }

        var ticks = Math.Ceiling(((double)highPriority - lowPriority) / agingPerSecond * TimeSpan.TicksPerSecond);
        return ticks < TimeSpan.MaxValue.Ticks ? TimeSpan.FromTicks((long)ticks) : Timeout.InfiniteTimeSpan;
    }

    /// <inheritdoc/>
    public void Enqueue(QueuedTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (_byId.Count == 0)
        {
            _originTicks = task.SubmittedAt.UtcTicks;
        }

        var offsetSeconds = (task.SubmittedAt.UtcTicks - _originTicks) / (double)TimeSpan.TicksPerSecond;
        var entry = new Entry(task.Spec.Priority - (AgingPerSecond * offsetSeconds), task);
        PendingTasks.AddToIndex(_byId, task, entry);
        _queue.Add(entry);
    }

    /// <inheritdoc/>
    public QueuedTask? Peek(DateTimeOffset now) => _queue.Count == 0 ? null : _queue.Min.Task;

    /// <inheritdoc/>
    public bool Remove(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        if (!_byId.Remove(taskId, out var entry))
        {
            return false;
        }

        _queue.Remove(entry);
        return true;
    }

    /// <inheritdoc/>
    public IEnumerable<QueuedTask> Snapshot() => [.. _queue.Select(entry => entry.Task)];

    private static double CheckRate(double agingPerSecond) =>
        agingPerSecond >= 0 && double.IsFinite(agingPerSecond)
            ? agingPerSecond
            : throw new ArgumentOutOfRangeException(
                nameof(agingPerSecond), agingPerSecond, "agingPerSecond must be a finite number >= 0 (0 = strict priority, no aging).");

    private readonly record struct Entry(double Key, QueuedTask Task);
}
