using System.Diagnostics.CodeAnalysis;

namespace RealtimeGrains.Scheduling;

/// <summary>
/// Shortest job first: the task with the smallest expected run time runs next, ties in accept order.
/// The expected run time is <see cref="PendingTask.EstimatedCostMs"/> when given, otherwise the
/// handler's learned estimate at the time of the dequeue (estimates are not frozen at enqueue).
/// </summary>
/// <remarks>
/// Tasks with a given cost sit in one set ordered by (cost, sequence). Tasks without one sit in a
/// per-handler set ordered by sequence: they all share the handler's current estimate, so the
/// head is that handler's best. A dequeue compares the costed minimum with each handler's head:
/// O(log n + number of handlers with pending tasks).
/// </remarks>
internal sealed class SjfPolicy : ISchedulingPolicy
{
    private static readonly IComparer<PendingTask> _byCost = Comparer<PendingTask>.Create(
        (a, b) => Compare(a!.EstimatedCostMs!.Value, a, b!.EstimatedCostMs!.Value, b));

    private readonly DurationEstimator _estimator;
    private readonly SortedSet<PendingTask> _costed = new(_byCost);
    private readonly Dictionary<string, SortedSet<PendingTask>> _byHandler = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingTask> _byId = new(StringComparer.Ordinal);

    /// <summary>Creates the policy; <paramref name="estimator"/> is shared with whoever records run times.</summary>
    public SjfPolicy(DurationEstimator estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        _estimator = estimator;
    }

    /// <inheritdoc/>
    public string Name => SchedulingPolicies.Sjf;

    /// <inheritdoc/>
    public int Count => _byId.Count;

    /// <inheritdoc/>
    public void Enqueue(PendingTask task)
    {
        PendingTasks.AddToIndex(_byId, task, task);
        if (task.EstimatedCostMs is not null)
        {
            _costed.Add(task);
            return;
        }

        if (!_byHandler.TryGetValue(task.Handler, out var fifo))
        {
            fifo = new SortedSet<PendingTask>(PendingTasks.BySequence);
            _byHandler.Add(task.Handler, fifo);
        }

        fifo.Add(task);
    }

    /// <inheritdoc/>
    public bool TryDequeue(DateTimeOffset now, [MaybeNullWhen(false)] out PendingTask task)
    {
        task = Peek(now);
        if (task is null)
        {
            return false;
        }

        Remove(task.TaskId);
        return true;
    }

    /// <inheritdoc/>
    public PendingTask? Peek(DateTimeOffset now)
    {
        var best = _costed.Min;
        var bestMs = best?.EstimatedCostMs ?? 0;
        foreach (var (handler, fifo) in _byHandler)
        {
            var head = fifo.Min!;
            var headMs = _estimator.EstimateMs(handler);
            if (best is null || Compare(headMs, head, bestMs, best) < 0)
            {
                best = head;
                bestMs = headMs;
            }
        }

        return best;
    }

    /// <inheritdoc/>
    public bool Remove(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        if (!_byId.Remove(taskId, out var task))
        {
            return false;
        }

        if (task.EstimatedCostMs is not null)
        {
            _costed.Remove(task);
            return true;
        }

        var fifo = _byHandler[task.Handler];
        fifo.Remove(task);
        if (fifo.Count == 0)
        {
            _byHandler.Remove(task.Handler);
        }

        return true;
    }

    /// <inheritdoc/>
    public IEnumerable<PendingTask> Snapshot() => [.. _costed, .. _byHandler.Values.SelectMany(fifo => fifo)];

    private static int Compare(double aMs, PendingTask a, double bMs, PendingTask b)
    {
        var byMs = aMs.CompareTo(bMs);
        return byMs != 0 ? byMs : PendingTasks.CompareSequence(a, b);
    }
}
