namespace RealtimeGrains.Scheduling;

/// <summary>
/// Shortest job first: the task with the smallest expected run time runs next, ties in accept order.
/// The expected run time is <see cref="TaskSpec.EstimatedCostMs"/> when given, otherwise the
/// handler's learned estimate at the time of the dequeue (estimates are not frozen at enqueue).
/// </summary>
/// <remarks>
/// Tasks with a given cost sit in one set ordered by (cost, sequence). Tasks without one sit in a
/// per-handler set ordered by sequence: they all share the handler's current estimate, so the
/// head is that handler's best. A dequeue compares the costed minimum with each handler's head:
/// O(log n + number of handlers with pending tasks).
/// </remarks>
/// <param name="estimator">Learned run times, shared with whoever records them.</param>
internal sealed class SjfPolicy(DurationEstimator estimator) : ISchedulingPolicy
{
    private static readonly IComparer<QueuedTask> _byCost = Comparer<QueuedTask>.Create(
        (a, b) => Compare(a!.Spec.EstimatedCostMs!.Value, a, b!.Spec.EstimatedCostMs!.Value, b));

    private readonly DurationEstimator _estimator = estimator ?? throw new ArgumentNullException(nameof(estimator));
    private readonly SortedSet<QueuedTask> _costed = new(_byCost);
    private readonly Dictionary<string, SortedSet<QueuedTask>> _byHandler = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedTask> _byId = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public string Name => SchedulingPolicies.Sjf;

    /// <inheritdoc/>
    public int Count => _byId.Count;

    /// <inheritdoc/>
    public void Enqueue(QueuedTask task)
    {
        PendingTasks.AddToIndex(_byId, task, task);
        if (task.Spec.EstimatedCostMs is not null)
        {
            _costed.Add(task);
            return;
        }

        if (!_byHandler.TryGetValue(task.Spec.Handler, out var fifo))
        {
            fifo = new SortedSet<QueuedTask>(PendingTasks.BySequence);
            _byHandler.Add(task.Spec.Handler, fifo);
        }

        fifo.Add(task);
    }

    /// <inheritdoc/>
    public QueuedTask? Peek(DateTimeOffset now)
    {
        var best = _costed.Min;
        var bestMs = best?.Spec.EstimatedCostMs ?? 0;
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

        if (task.Spec.EstimatedCostMs is not null)
        {
            _costed.Remove(task);
            return true;
        }

        var fifo = _byHandler[task.Spec.Handler];
        fifo.Remove(task);
        if (fifo.Count == 0)
        {
            _byHandler.Remove(task.Spec.Handler);
        }

        return true;
    }

    /// <inheritdoc/>
    public IEnumerable<QueuedTask> Snapshot() => [.. _costed, .. _byHandler.Values.SelectMany(fifo => fifo)];

    private static int Compare(double aMs, QueuedTask a, double bMs, QueuedTask b)
    {
        var byMs = aMs.CompareTo(bMs);
        return byMs != 0 ? byMs : PendingTasks.CompareSequence(a, b);
    }
}
