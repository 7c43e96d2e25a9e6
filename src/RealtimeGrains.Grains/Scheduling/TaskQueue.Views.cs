namespace RealtimeGrains.Scheduling;

internal sealed partial class TaskQueue
{
    public QueueStatus Status(DateTimeOffset now) => new()
    {
        Queue = Name,
        Settings = Settings,
        Pending = PendingCount,
        Running = RunningCount,
        Completed = _state.Completed,
        Failed = _state.Failed,
        Retried = _state.Retried,
        OldestPendingWaitMs = OldestPendingSubmittedAt is { } at ? Math.Max(0, (now - at).TotalMilliseconds) : 0,
        SjfEstimatesMs = Estimator.Snapshot(),
        SjfPriorMs = Estimator.PriorMs,
    };

    /// <summary>An unfinished task, or a finished one still in the history.</summary>
    public TaskInfo? Find(string id) =>
        _state.Tasks.TryGetValue(id, out var task)
            ? task.ToInfo(Name)
            : _state.History.FirstOrDefault(info => string.Equals(info.Id, id, StringComparison.Ordinal));

    /// <summary>Whether <paramref name="id"/> was ever accepted here (its sequence was handed out).</summary>
    public bool WasAccepted(string id) =>
        string.Equals(TaskIds.QueueOf(id), Name, StringComparison.Ordinal)
        && Sequence(id) < _state.NextSequence;

    /// <summary>Finished (history), running and pending tasks ordered by first start; not yet started last, in accept order.</summary>
    public IReadOnlyList<TaskInfo> List() =>
    [
        .. _state.History.Concat(_state.Tasks.Values.Select(t => t.ToInfo(Name)))
            .OrderBy(t => t.FirstStartedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(t => Sequence(t.Id)),
    ];

    private static long Sequence(string id) =>
        long.Parse(id.AsSpan(id.LastIndexOf(':') + 1), System.Globalization.CultureInfo.InvariantCulture);
}
