namespace RealtimeGrains.Scheduling;

/// <summary>
/// Replays journal entries over a snapshot. A scheduler writes its whole state (a snapshot) only now
/// and then; in between, each group commit appends one entry with what changed, so a write costs what
/// changed rather than the length of the queue.
/// </summary>
internal static class SchedulerJournal
{
    /// <summary>The state <paramref name="snapshot"/> followed by <paramref name="entries"/> (in write order) describe.</summary>
    public static SchedulerState Replay(SchedulerState snapshot, IReadOnlyList<SchedulerJournalEntry> entries, int historyLength, int requestWindow)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return snapshot;
        }

        var active = snapshot.Active.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var history = new List<TaskInfo>(snapshot.History);
        var requests = new List<RequestRecord>(snapshot.Requests);
        foreach (var entry in entries)
        {
            foreach (var id in entry.Removed)
            {
                active.Remove(id);
            }

            foreach (var task in entry.Upserts)
            {
                active[task.Id] = task;
            }

            history.AddRange(entry.Finished);
            requests.AddRange(entry.Requests);
        }

        var last = entries[^1];
        return snapshot with
        {
            Settings = last.Settings ?? snapshot.Settings,
            NextSequence = last.NextSequence,
            Active = [.. active.Values],
            History = history.Count > historyLength ? history[^historyLength..] : history,
            Requests = requests.Count > requestWindow ? requests[^requestWindow..] : requests,
            Estimates = last.Estimates,
            Submitted = last.Submitted,
            Completed = last.Completed,
            Failed = last.Failed,
            Retried = last.Retried,
        };
    }
}
