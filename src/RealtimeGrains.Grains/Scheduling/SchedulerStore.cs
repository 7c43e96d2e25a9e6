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
/// The first write of a queue without a snapshot is one (a queue stored before events is upcast on load, see
/// <see cref="LegacyQueue"/>). Not thread-safe: the grain's group commit calls it one write at a time. After a
/// failed write it refuses every later one: what storage holds is then unknown (the failed record may or may not
/// exist), so the activation must start over from storage rather than write on from memory.
/// </summary>
internal sealed partial class SchedulerStore(
    string queue, GrainId schedulerId, IGrainStorage storage, DeepCopier<QueueState> copier, TimeProvider time, ILogger logger)
{
    /// <summary>After this long without a write, an entry is written only once the snapshot is confirmed unchanged.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(1);

    public const int MaxEntries = 256;
    public const int MinChangesPerSnapshot = 100_000;
    private const string SnapshotState = "scheduler";
    private const string EntryState = "scheduler-journal";

    private readonly GrainId _snapshotId = GrainId.Create("rtg-scheduler-queue", queue);
    private List<QueueEvent> _journal = [];

    /// <summary>Records a new snapshot makes obsolete: the entries written since the last one (or the queue's records in the earlier format).</summary>
    private List<(string State, GrainId Id, string? ETag)> _folded = [];
    private string? _snapshotETag;
    private long _next;
    private long _changes;
    private long _lastWrite;
    private Exception? _failure;

    /// <summary>A write failed: no further write is made by this instance.</summary>
    public bool Failed => _failure is not null;

    /// <summary>The stored snapshot and the events written after it.</summary>
    public async Task<(QueueState Snapshot, IReadOnlyList<QueueEvent> Journal)> LoadAsync()
    {
        _lastWrite = time.GetTimestamp();
        var snapshot = new GrainState<QueueState>();
        await storage.ReadStateAsync(SnapshotState, _snapshotId, snapshot);
        if (!snapshot.RecordExists || snapshot.State is null)
        {
            (var upcast, _folded) = await LegacyQueue.ReadAsync(storage, queue, schedulerId);
            return (upcast, []);
        }

        _snapshotETag = snapshot.ETag;
        var journal = new List<QueueEvent>();
        for (_next = snapshot.State.JournalStart; ; _next++)
        {
            var entry = new GrainState<List<QueueEvent>>();
            await storage.ReadStateAsync(EntryState, EntryId(_next), entry);
            if (!entry.RecordExists || entry.State is null)
            {
                return (snapshot.State, journal);
            }

            journal.AddRange(entry.State);
            _folded.Add((EntryState, EntryId(_next), entry.ETag));
            _changes += entry.State.Count;
        }
    }

    /// <summary>Adds an event to the next journal entry.</summary>
    public void Append(QueueEvent change) => _journal.Add(change);

    /// <summary>Writes the events appended since the last write (or a snapshot of <paramref name="state"/>, when due or <paramref name="snapshotNow"/>).</summary>
    public async Task WriteAsync(QueueState state, bool snapshotNow)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_failure is GrainTakenOverException taken)
        {
            throw new GrainTakenOverException(taken.Message);
        }

        if (_failure is { } failure)
        {
            // The caller's change rode on a write that can no longer happen: to the caller it is the storage failure.
            var cause = failure.Message.Length > 240 ? failure.Message[..240] + "…" : failure.Message;
            throw new StorageUnavailableException(
                $"queue '{queue}' could not complete: storage failed on an earlier write ({failure.GetType().Name}: {cause}); the queue restarts from what storage holds, retry when it is back");
        }

        try
        {
            if (snapshotNow || _snapshotETag is null || _folded.Count >= MaxEntries || _changes >= Math.Max(MinChangesPerSnapshot, 2L * state.Tasks.Count))
            {
                await WriteSnapshotAsync(state);
            }
            else if (_journal.Count > 0)
            {
                await WriteEntryAsync();
            }
            else
            {
                return;
            }

            _lastWrite = time.GetTimestamp();
        }
        catch (InconsistentStateException ex)
        {
            // Its version is not the one stored: another activation of this queue wrote since this one read.
            _failure = new GrainTakenOverException($"queue '{queue}': its stored state was written by another activation ({ex.Message}); this one restarts from storage, retry the call");
            throw _failure;
        }
        catch (Exception ex)
        {
            _failure = ex;
            throw;
        }
    }

    private async Task WriteSnapshotAsync(QueueState state)
    {
        // A copy: the queue changes on while storage writes (a storage may serialize after an await).
        var snapshot = copier.Copy(state);
        snapshot.JournalStart = _next;
        _journal.Clear();
        var record = new GrainState<QueueState>(snapshot) { ETag = _snapshotETag };
        await storage.WriteStateAsync(SnapshotState, _snapshotId, record);
        _snapshotETag = record.ETag;
        _ = DeleteAsync(_folded);
        _folded = [];
        _changes = 0;
    }

    private async Task WriteEntryAsync()
    {
        if (time.GetElapsedTime(_lastWrite) > StaleAfter)
        {
            await EnsureSnapshotIsOursAsync();
        }

        var events = _journal;
        _journal = [];

        // A new record: the write fails if one with this number exists (another activation wrote it).
        var entry = new GrainState<List<QueueEvent>>(events);
        await storage.WriteStateAsync(EntryState, EntryId(_next), entry);
        _folded.Add((EntryState, EntryId(_next++), entry.ETag));
        _changes += events.Count;
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
            throw new GrainTakenOverException($"queue '{queue}': its stored snapshot was written by another activation; this one restarts from storage, retry the call");
        }
    }

    private GrainId EntryId(long number) => GrainId.Create("rtg-scheduler-events", $"{queue}/{number}");

    /// <summary>Records folded into a written snapshot are never read again; a failed delete only leaves garbage.</summary>
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
