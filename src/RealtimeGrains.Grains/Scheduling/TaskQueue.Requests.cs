namespace RealtimeGrains.Scheduling;

internal sealed partial class TaskQueue
{
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
    /// <exception cref="QueueFullException">The new ones do not fit; nothing is accepted.</exception>
    public string[] AcceptMany(IReadOnlyList<TaskSpec> specs, DateTimeOffset now)
    {
        if (CountNew(specs) is var count and > 0)
        {
            EnsureRoom(count);
        }

        var ids = new string[specs.Count];
        var inBatch = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < specs.Count; i++)
        {
            ids[i] = specs[i].RequestId is { } requestId
                ? AcceptedFor(requestId) ?? inBatch.GetValueOrDefault(requestId) ?? (inBatch[requestId] = Accept(specs[i], now).Id)
                : Accept(specs[i], now).Id;
        }

        return ids;
    }
}
