using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace RealtimeGrains.Scheduling;

/// <summary>
/// Persists one scheduler as a snapshot plus a journal. Each write appends one
/// <see cref="SchedulerJournalEntry"/> (its own storage record, numbered from the snapshot's
/// <see cref="SchedulerState.JournalStart"/>) with the changes since the previous write; a new snapshot
/// folds the journal in once it holds <see cref="MaxEntries"/> entries or more task changes than
/// <see cref="MinChangesPerSnapshot"/> and twice the unfinished tasks, so a write costs about what
/// changed whatever the queue's length, and an activation reads at most <see cref="MaxEntries"/> entries.
/// Not thread-safe: the grain's group commit calls it one write at a time.
/// </summary>
internal sealed partial class SchedulerStore(string queue, IPersistentState<SchedulerState> snapshot, IGrainStorage storage, SchedulerOptions options, ILogger logger)
{
    public const int MaxEntries = 256;
    public const int MinChangesPerSnapshot = 100_000;
    private const string EntryState = "scheduler-journal";

    private readonly List<(long Number, string? ETag)> _entries = [];
    private long _next;
    private long _changes;

    /// <summary>The snapshot with every journal entry written after it replayed.</summary>
    public async Task<SchedulerState> LoadAsync()
    {
        var entries = new List<SchedulerJournalEntry>();
        for (_next = snapshot.State.JournalStart; ; _next++)
        {
            var record = new GrainState<SchedulerJournalEntry>();
            await storage.ReadStateAsync(EntryState, EntryId(_next), record);
            if (!record.RecordExists || record.State is null)
            {
                break;
            }

            entries.Add(record.State);
            _entries.Add((_next, record.ETag));
            _changes += record.State.Changes;
        }

        return SchedulerJournal.Replay(snapshot.State, entries, options.HistoryLength, options.RequestIdWindow);
    }

    /// <summary>Writes what changed in <paramref name="queue"/> (or a snapshot, when due or <paramref name="snapshotNow"/>).</summary>
    public async Task WriteAsync(TaskQueue queue, bool snapshotNow)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (snapshotNow || _entries.Count >= MaxEntries || _changes >= Math.Max(MinChangesPerSnapshot, 2L * queue.ActiveCount))
        {
            snapshot.State = queue.TakeSnapshot() with { JournalStart = _next };
            await snapshot.WriteStateAsync();
            var folded = _entries.ToList();
            _entries.Clear();
            _changes = 0;
            _ = DeleteAsync(folded);
            return;
        }

        var entry = queue.TakeChanges();

        // A new record: the write fails if one with this number exists (another activation wrote it).
        var record = new GrainState<SchedulerJournalEntry>(entry);
        await storage.WriteStateAsync(EntryState, EntryId(_next), record);
        _entries.Add((_next, record.ETag));
        _next++;
        _changes += entry.Changes;
    }

    private GrainId EntryId(long number) => GrainId.Create("rtg-scheduler-journal", $"{queue}/{number}");

    /// <summary>Entries folded into a written snapshot are never read again; a failed delete only leaves garbage.</summary>
    private async Task DeleteAsync(List<(long Number, string? ETag)> folded)
    {
        foreach (var (number, etag) in folded)
        {
            try
            {
                await storage.ClearStateAsync(EntryState, EntryId(number), new GrainState<SchedulerJournalEntry> { ETag = etag, RecordExists = true });
            }
            catch (Exception ex)
            {
                LogDeleteFailed(logger, ex, queue, number);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not delete journal entry {Number} of queue {Queue} (folded into a snapshot; it is never read again)")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string queue, long number);
}
