namespace RealtimeGrains.Scheduling;

internal sealed partial class TaskQueue
{
    /// <summary>The last <see cref="SchedulerOptions.RequestIdWindow"/> request ids accepted, with their tasks.</summary>
    private readonly Dictionary<string, string> _requests = new(StringComparer.Ordinal);
    private readonly Queue<RequestRecord> _requestOrder = new();

    /// <summary>Request ids accepted since the last snapshot or entry was taken.</summary>
    private readonly List<RequestRecord> _newRequests = [];

    /// <summary>The id of the task accepted for <paramref name="requestId"/>, while it is in the window.</summary>
    public string? AcceptedFor(string? requestId) =>
        requestId is not null && _requests.TryGetValue(requestId, out var taskId) ? taskId : null;

    /// <summary>How many of <paramref name="specs"/> a submit would accept: those without a known request id, each id once.</summary>
    public int CountNew(IReadOnlyList<TaskSpec> specs)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return specs.Count(s => s.RequestId is null || (AcceptedFor(s.RequestId) is null && seen.Add(s.RequestId)));
    }

    /// <summary>
    /// Accepts the specs whose request ids are new (each id once, even beyond the window or with no window)
    /// and returns every spec's task id, in order.
    /// </summary>
    public string[] AcceptMany(IReadOnlyList<TaskSpec> specs, DateTimeOffset now, Action<QueuedTask> accepted)
    {
        var ids = new string[specs.Count];
        var inBatch = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < specs.Count; i++)
        {
            var requestId = specs[i].RequestId;
            if (requestId is not null && (AcceptedFor(requestId) ?? inBatch.GetValueOrDefault(requestId)) is { } known)
            {
                ids[i] = known;
                continue;
            }

            var task = Accept(specs[i], now);
            accepted(task);
            ids[i] = task.Id;
            if (requestId is not null)
            {
                inBatch[requestId] = task.Id;
            }
        }

        return ids;
    }

    private void RememberRequest(RequestRecord record, bool isNew)
    {
        if (_options.RequestIdWindow == 0 || !_requests.TryAdd(record.RequestId, record.TaskId))
        {
            return;
        }

        _requestOrder.Enqueue(record);
        if (isNew)
        {
            _newRequests.Add(record);
        }

        while (_requestOrder.Count > _options.RequestIdWindow)
        {
            _requests.Remove(_requestOrder.Dequeue().RequestId);
        }
    }
}
