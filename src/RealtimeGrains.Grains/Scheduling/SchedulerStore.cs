using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Storage;
using RealtimeGrains.Scheduling.Legacy;

namespace RealtimeGrains.Scheduling;

/// <summary>
/// Persists one queue as a snapshot (a copy of its <see cref="QueueState"/>) plus a journal: the
/// <see cref="QueueEvent"/>s raised since, one storage record per write, numbered from the snapshot's
/// <see cref="QueueState.JournalStart"/>. A new snapshot folds the journal in once it holds <see cref="MaxEntries"/>
/// entries or more events than <see cref="MinChangesPerSnapshot"/> and twice the unfinished tasks, so a write costs
/// about what changed whatever the queue's length, and an activation reads at most <see cref="MaxEntries"/> entries.
/// A queue stored in the earlier format (<see cref="LegacyQueue"/>) is upcast on load and written as a snapshot first.
/// Not thread-safe: the grain's group commit calls it one write at a time. After a failed write it refuses every
/// later one: what storage holds is then unknown (the failed record may or may not exist), so the activation must
/// start over from storage rather than write on from memory.
/// </summary>
internal sealed partial class SchedulerStore(
    string queue, GrainId legacyId, IGrainStorage storage, DeepCopier<QueueState> copier, TimeProvider time, ILogger logger)
{
    /// <summary>After this long without a write, an entry is written only once the snapshot is confirmed unchanged.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(1);

    public const int MaxEntries = 256;
    public const int MinChangesPerSnapshot = 100_000;
    private const string SnapshotState = "scheduler";
    private const string EntryState = "scheduler-journal";

    private readonly GrainId _snapshotId = GrainId.Create("rtg-queue", queue);
    private readonly List<(long Number, string? ETag)> _entries = [];
    private List<QueueEvent> _journal = [];
    private List<(string State, GrainId Id, string? ETag)> _legacy = [];
    private string? _snapshotETag;
    private long _next;
    private long _changes;
    private long _lastWrite;

    /// <summary>A write failed: no further write is made by this instance.</summary>
    public bool Failed { get; private set; }

    /// <summary>The stored snapshot and the events written after it.</summary>
    public async Task<(QueueState Snapshot, IReadOnlyList<QueueEvent> Journal)> LoadAsync()
    {
        _lastWrite = time.GetTimestamp();
        var snapshot = new GrainState<QueueState>();
        await storage.ReadStateAsync(SnapshotState, _snapshotId, snapshot);
        if (!snapshot.RecordExists || snapshot.State is null)
        {
            // Nothing in this format: the queue is new, or stored before events (its first write is then a snapshot).
            return (await LoadLegacyAsync(), []);
        }

        _snapshotETag = snapshot.ETag;
        var journal = new List<QueueEvent>();
        for (_next = snapshot.State.JournalStart; ; _next++)
        {
            var record = new GrainState<List<QueueEvent>>();
            await storage.ReadStateAsync(EntryState, EntryId(_next), record);
            if (!record.RecordExists || record.State is null)
            {
                break;
            }

            journal.AddRange(record.State);
            _entries.Add((_next, record.ETag));
            _changes += record.State.Count;
        }

        return (snapshot.State, journal);
    }

    /// <summary>Adds an event to the next journal entry.</summary>
    public void Append(QueueEvent change) => _journal.Add(change);

    /// <summary>Writes the events appended since the last write (or a snapshot of <paramref name="state"/>, when due or <paramref name="snapshotNow"/>).</summary>
    public async Task WriteAsync(QueueState state, bool snapshotNow)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (Failed)
        {
            throw new InvalidOperationException($"queue '{queue}': an earlier write failed; the queue restarts from what storage holds");
        }

        try
        {
            await WriteCoreAsync(state, snapshotNow);
            _lastWrite = time.GetTimestamp();
        }
        catch (Exception)
        {
            Failed = true;
            throw;
        }
    }

    private async Task WriteCoreAsync(QueueState state, bool snapshotNow)
    {
        if (snapshotNow || _snapshotETag is null || _entries.Count >= MaxEntries || _changes >= Math.Max(MinChangesPerSnapshot, 2L * state.Tasks.Count))
        {
            await WriteSnapshotAsync(state);
            return;
        }

        if (_journal.Count == 0)
        {
            return;
        }

        if (time.GetElapsedTime(_lastWrite) > StaleAfter)
        {
            await EnsureSnapshotIsOursAsync();
        }

        var events = _journal;
        _journal = [];

        // A new record: the write fails if one with this number exists (another activation wrote it).
        var record = new GrainState<List<QueueEvent>>(events);
        await storage.WriteStateAsync(EntryState, EntryId(_next), record);
        _entries.Add((_next, record.ETag));
        _next++;
        _changes += events.Count;
    }

    private async Task WriteSnapshotAsync(QueueState state)
    {
        // A copy: the queue changes on while storage writes (a write may serialize after an await).
        var snapshot = copier.Copy(state);
        snapshot.JournalStart = _next;
        _journal.Clear();
        var record = new GrainState<QueueState>(snapshot) { ETag = _snapshotETag };
        await storage.WriteStateAsync(SnapshotState, _snapshotId, record);
        _snapshotETag = record.ETag;
        var folded = _entries.Select(e => (EntryState, EntryId(e.Number), e.ETag)).Concat(_legacy).ToList();
        _entries.Clear();
        _legacy = [];
        _changes = 0;
        _ = DeleteAsync(folded);
    }

    /// <summary>
    /// An entry write only fails when its number is taken; after a quiet spell, another activation of this
    /// queue (a rare duplicate) may have written a snapshot and deleted the entries it folded, so the
    /// number may be free again although nobody would ever read the entry. A changed snapshot means exactly that.
    /// </summary>
    private async Task EnsureSnapshotIsOursAsync()
    {
        var stored = new GrainState<QueueState>();
        await storage.ReadStateAsync(SnapshotState, _snapshotId, stored);
        if (!string.Equals(stored.ETag, _snapshotETag, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"queue '{queue}': its stored snapshot was written by another activation; this one restarts from storage");
        }
    }

    /// <summary>The queue as the format before events stored it (deleted once the first snapshot is written).</summary>
    private async Task<QueueState> LoadLegacyAsync()
    {
        var snapshot = new GrainState<SchedulerState>();
        await storage.ReadStateAsync(SnapshotState, legacyId, snapshot);
        if (snapshot.RecordExists)
        {
            _legacy.Add((SnapshotState, legacyId, snapshot.ETag));
        }

        var entries = new List<SchedulerJournalEntry>();
        for (var number = snapshot.State?.JournalStart ?? 0; ; number++)
        {
            var record = new GrainState<SchedulerJournalEntry>();
            var id = GrainId.Create("rtg-scheduler-journal", $"{queue}/{number}");
            await storage.ReadStateAsync(EntryState, id, record);
            if (!record.RecordExists || record.State is null)
            {
                break;
            }

            entries.Add(record.State);
            _legacy.Add((EntryState, id, record.ETag));
        }

        return LegacyQueue.Upcast(snapshot.State ?? new SchedulerState(), entries);
    }

    private GrainId EntryId(long number) => GrainId.Create("rtg-queue-journal", $"{queue}/{number}");

    /// <summary>Entries folded into a written snapshot are never read again; a failed delete only leaves garbage.</summary>
    private async Task DeleteAsync(List<(string State, GrainId Id, string? ETag)> folded)
    {
        foreach (var (state, id, etag) in folded)
        {
            try
            {
                // The record's type does not matter to a delete.
                await storage.ClearStateAsync(state, id, new GrainState<QueueState> { ETag = etag, RecordExists = true });
            }
            catch (Exception ex)
            {
                LogDeleteFailed(logger, ex, queue, id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not delete {Record} of queue {Queue} (folded into a snapshot; it is never read again)")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string queue, GrainId record);
}
