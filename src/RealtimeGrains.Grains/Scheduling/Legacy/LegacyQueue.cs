using Orleans.Storage;

namespace RealtimeGrains.Scheduling.Legacy;

/// <summary>
/// Reads a queue stored in the format before events (a <see cref="SchedulerState"/> snapshot of the scheduler grain and
/// <see cref="SchedulerJournalEntry"/> state diffs after it) and upcasts it to a <see cref="QueueState"/>.
/// </summary>
internal static class LegacyQueue
{
    private const string SnapshotState = "scheduler";
    private const string EntryState = "scheduler-journal";

    /// <summary>The queue stored for <paramref name="schedulerId"/> (empty when none is), and its records, to delete once it is stored anew.</summary>
    public static async Task<(QueueState State, List<(string State, GrainId Id, string? ETag)> Records)> ReadAsync(IGrainStorage storage, string queue, GrainId schedulerId)
    {
        var records = new List<(string State, GrainId Id, string? ETag)>();
        var snapshot = new GrainState<SchedulerState>();
        await storage.ReadStateAsync(SnapshotState, schedulerId, snapshot);
        if (snapshot.RecordExists)
        {
            records.Add((SnapshotState, schedulerId, snapshot.ETag));
        }

        var entries = new List<SchedulerJournalEntry>();
        for (var number = snapshot.State?.JournalStart ?? 0; ; number++)
        {
            var id = GrainId.Create("rtg-scheduler-journal", $"{queue}/{number}");
            var entry = new GrainState<SchedulerJournalEntry>();
            await storage.ReadStateAsync(EntryState, id, entry);
            if (!entry.RecordExists || entry.State is null)
            {
                return (Upcast(snapshot.State ?? new SchedulerState(), entries), records);
            }

            entries.Add(entry.State);
            records.Add((EntryState, id, entry.ETag));
        }
    }

    /// <summary>The state <paramref name="snapshot"/> followed by <paramref name="entries"/> (in write order) describe.</summary>
    public static QueueState Upcast(SchedulerState snapshot, IReadOnlyList<SchedulerJournalEntry> entries)
    {
        var state = new QueueState
        {
            Settings = snapshot.Settings,
            NextSequence = snapshot.NextSequence,
            Tasks = snapshot.Active.ToDictionary(t => t.Id, StringComparer.Ordinal),
            History = new(snapshot.History),
            Estimates = new(snapshot.Estimates, StringComparer.Ordinal),
            Requests = new(snapshot.Requests),
            Submitted = snapshot.Submitted,
            Completed = snapshot.Completed,
            Failed = snapshot.Failed,
            Retried = snapshot.Retried,
        };
        foreach (var entry in entries)
        {
            entry.Removed.ToList().ForEach(id => state.Tasks.Remove(id));
            entry.Upserts.ToList().ForEach(task => state.Tasks[task.Id] = task);
            entry.Finished.ToList().ForEach(state.History.Enqueue);
            entry.Requests.ToList().ForEach(state.Requests.Enqueue);

            // Queue-wide values were written whole: the last entry's stand.
            state.Settings = entry.Settings ?? state.Settings;
            state.NextSequence = entry.NextSequence;
            state.Estimates.Clear();
            entry.Estimates.ToList().ForEach(e => state.Estimates.Add(e.Key, e.Value));
            (state.Submitted, state.Completed, state.Failed, state.Retried) = (entry.Submitted, entry.Completed, entry.Failed, entry.Retried);
        }

        return state;
    }
}
