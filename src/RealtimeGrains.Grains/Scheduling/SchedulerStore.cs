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
/// Not thread-safe: the grain's group commit calls it one write at a time. After a failed write it
/// refuses every later one: what storage holds is then unknown (the failed record may or may not exist),
/// so the activation must start over from storage rather than write on from memory.
/// </summary>
internal sealed partial class SchedulerStore(
    string queue, GrainId grainId, IPersistentState<SchedulerState> snapshot, IGrainStorage storage, SchedulerOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>After this long without a write, an entry is written only once the snapshot is confirmed unchanged.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(1);

    private const string SnapshotState = "scheduler";
    public const int MaxEntries = 256;
    public const int MinChangesPerSnapshot = 100_000;
    private const string EntryState = "scheduler-journal";

    private readonly List<(long Number, string? ETag)> _entries = [];
    private long _next;
    private long _changes;
    private long _lastWrite;

    /// <summary>A write failed: no further write is made by this instance.</summary>
    public bool Failed { get; private set; }

    /// <summary>The snapshot with every journal entry written after it replayed.</summary>
    public async Task<SchedulerState> LoadAsync()
    {
        _lastWrite = time.GetTimestamp();
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

    /// <summary>Writes what changed in <paramref name="tasks"/> (or a snapshot, when due or <paramref name="snapshotNow"/>).</summary>
    public async Task WriteAsync(TaskQueue tasks, bool snapshotNow)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (Failed)
        {
            throw new InvalidOperationException($"queue '{queue}': an earlier write failed; the queue restarts from what storage holds");
        }

        try
        {
            await WriteCoreAsync(tasks, snapshotNow);
            _lastWrite = time.GetTimestamp();
        }
        catch (Exception)
        {
            Failed = true;
            throw;
        }
    }

    private async Task WriteCoreAsync(TaskQueue tasks, bool snapshotNow)
    {
        if (snapshotNow || _entries.Count >= MaxEntries || _changes >= Math.Max(MinChangesPerSnapshot, 2L * tasks.ActiveCount))
        {
            snapshot.State = tasks.TakeSnapshot() with { JournalStart = _next };
            await snapshot.WriteStateAsync();
            var folded = _entries.ToList();
            _entries.Clear();
            _changes = 0;
            _ = DeleteAsync(folded);
            return;
        }

        if (time.GetElapsedTime(_lastWrite) > StaleAfter)
        {
            await EnsureSnapshotIsOursAsync();
        }

        var entry = tasks.TakeChanges();

        // A new record: the write fails if one with this number exists (another activation wrote it).
        var record = new GrainState<SchedulerJournalEntry>(entry);
        await storage.WriteStateAsync(EntryState, EntryId(_next), record);
        _entries.Add((_next, record.ETag));
        _next++;
        _changes += entry.Changes;
    }

    /// <summary>
    /// An entry write only fails when its number is taken; after a quiet spell, another activation of this
    /// queue (a rare duplicate) may have written a snapshot and deleted the entries it folded, so the
    /// number may be free again although nobody would ever read the entry. A changed snapshot means exactly that.
    /// </summary>
    private async Task EnsureSnapshotIsOursAsync()
    {
        var stored = new GrainState<SchedulerState>();
        await storage.ReadStateAsync(SnapshotState, grainId, stored);
        if (!string.Equals(stored.ETag, snapshot.Etag, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"queue '{queue}': its stored snapshot was written by another activation; this one restarts from storage");
        }
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
