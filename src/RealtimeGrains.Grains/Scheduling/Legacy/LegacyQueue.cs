namespace RealtimeGrains.Scheduling.Legacy;

/// <summary>Upcasts a queue stored in the format before events (a snapshot and state-diff entries) to a <see cref="QueueState"/>.</summary>
internal static class LegacyQueue
{
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
            foreach (var id in entry.Removed)
            {
                state.Tasks.Remove(id);
            }

            foreach (var task in entry.Upserts)
            {
                state.Tasks[task.Id] = task;
            }

            foreach (var info in entry.Finished)
            {
                state.History.Enqueue(info);
            }

            foreach (var request in entry.Requests)
            {
                state.Requests.Enqueue(request);
            }

            // Queue-wide values were written whole: the last entry's stand.
            state.Settings = entry.Settings ?? state.Settings;
            state.NextSequence = entry.NextSequence;
            state.Estimates.Clear();
            foreach (var (handler, estimate) in entry.Estimates)
            {
                state.Estimates.Add(handler, estimate);
            }
            (state.Submitted, state.Completed, state.Failed, state.Retried) = (entry.Submitted, entry.Completed, entry.Failed, entry.Retried);
        }

        return state;
    }
}
