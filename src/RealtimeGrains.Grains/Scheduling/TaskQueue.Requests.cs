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
