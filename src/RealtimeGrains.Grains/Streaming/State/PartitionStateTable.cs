using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Streaming.State;

/// <summary>
/// The per-key state of one partition, by bucket, keys held as UTF-8 bytes, with what changed since the last
/// checkpoint. A checkpoint (<see cref="TakeChanges"/>) writes each changed key's value into its bucket's delta,
/// or, once a bucket's delta would hold as many fields as half its keys, rewrites the bucket's segment from
/// memory and clears the delta (compaction): a write costs what changed, a key rewritten in every checkpoint
/// stays one delta field, and compaction is bounded per checkpoint by <c>foldBudgetBytes</c> (a deferred bucket
/// writes its delta as usual and folds in a later checkpoint). Not thread-safe: the partition grain calls it one
/// turn at a time.
/// </summary>
internal sealed class PartitionStateTable<TState>(
    StateScope scope, int buckets, IStateCodec<TState> codec, int foldBudgetBytes = StateTableLimits.FoldBudgetBytes, int minFoldFields = StateTableLimits.MinFoldFields)
{
    /// <summary>About how many bytes a key takes in a segment (small keys and states), to budget compaction ahead.</summary>
    private const int EstimatedSegmentBytes = 20;

    /// <summary>Past this many entries, a bucket's list of changed keys is given a small array again after a checkpoint.</summary>
    private const int ChangedListTrim = 256;

    private readonly BucketTable<TState>?[] _buckets = new BucketTable<TState>?[scope.EndBucket - scope.FirstBucket];
    private readonly List<int> _listed = [];
    private readonly ArrayBufferWriter<byte> _value = new(256);
    private int _expiryCursor;
    private int _compactionCursor;

    public StateScope Scope => scope;

    /// <summary>Keys held.</summary>
    public long Count { get; private set; }

    /// <summary>Something is waiting for a checkpoint (changes or a deferred compaction).</summary>
    public bool HasChanges => _listed.Count > 0;

    /// <summary>The state of <paramref name="key"/> in <paramref name="bucket"/>, or a null reference.</summary>
    public ref KeyEntry<TState> Find(int bucket, ReadOnlySpan<byte> key)
    {
        var table = _buckets[bucket - scope.FirstBucket];
        if (table is null)
        {
            return ref Unsafe.NullRef<KeyEntry<TState>>();
        }

        return ref CollectionsMarshal.GetValueRefOrNullRef(table.Keys.GetAlternateLookup<ReadOnlySpan<byte>>(), key);
    }

    /// <summary>The state of <paramref name="key"/>, for queries (false for a bucket outside the partition's range).</summary>
    public bool TryGet(int bucket, ReadOnlySpan<byte> key, out KeyEntry<TState> entry)
    {
        entry = default;
        return bucket >= scope.FirstBucket && bucket < scope.EndBucket && _buckets[bucket - scope.FirstBucket]?.Keys.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out entry) == true;
    }

    /// <summary>Records that <paramref name="entry"/> (found by <see cref="Find"/>) changed at <paramref name="now"/>.</summary>
    public void Changed(int bucket, ReadOnlySpan<byte> key, ref KeyEntry<TState> entry, uint now)
    {
        entry.Touched = now;
        if (entry.Dirty)
        {
            return;
        }

        entry.Dirty = true;
        var table = _buckets[bucket - scope.FirstBucket]!;
        table.Keys.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var stored, out _);
        table.Changed.Add(stored!);
        List(bucket - scope.FirstBucket, table);
    }

    /// <summary>Adds a new key and returns its entry (valid until the next add or remove).</summary>
    public ref KeyEntry<TState> Add(int bucket, ReadOnlySpan<byte> key, TState state, uint now)
    {
        var index = bucket - scope.FirstBucket;
        var table = _buckets[index] ??= new BucketTable<TState>();
        var stored = key.ToArray();
        table.Keys.Add(stored, new KeyEntry<TState> { State = state, Touched = now, Dirty = true });
        table.Changed.Add(stored);
        Count++;
        List(index, table);
        return ref CollectionsMarshal.GetValueRefOrNullRef(table.Keys, stored);
    }

    /// <summary>The table's own array of a held key (for indexes that outlive the caller's span).</summary>
    public byte[] StoredKey(int bucket, ReadOnlySpan<byte> key)
    {
        _buckets[bucket - scope.FirstBucket]!.Keys.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var stored, out _);
        return stored!;
    }

    /// <summary>Adds an item (a retained output) under its item key.</summary>
    public void AddItem(int bucket, byte[] itemKey, byte[] value)
    {
        var index = bucket - scope.FirstBucket;
        var table = _buckets[index] ??= new BucketTable<TState>();
        (table.Items ??= new(KeyBytesComparer.Instance))[itemKey] = value;
        table.Removed.Remove(itemKey);
        table.Changed.Add(itemKey);
        List(index, table);
    }

    /// <summary>An item, or null.</summary>
    public byte[]? GetItem(int bucket, ReadOnlySpan<byte> itemKey)
    {
        var table = _buckets[bucket - scope.FirstBucket];
        return table?.Items is { } items && items.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(itemKey, out var value) ? value : null;
    }

    /// <summary>Removes an item; false when it is not held.</summary>
    public bool RemoveItem(int bucket, ReadOnlySpan<byte> itemKey)
    {
        var index = bucket - scope.FirstBucket;
        var table = _buckets[index];
        if (table?.Items is not { } items || !items.GetAlternateLookup<ReadOnlySpan<byte>>().Remove(itemKey, out var stored, out _))
        {
            return false;
        }

        table.Removed.Add(stored);
        List(index, table);
        return true;
    }

    /// <summary>Every key of the partition with its bucket (for rebuilding indexes after a load).</summary>
    public IEnumerable<(int Bucket, byte[] Key, KeyExtras Extras)> KeysWithExtras()
    {
        for (var index = 0; index < _buckets.Length; index++)
        {
            if (_buckets[index] is not { } table)
            {
                continue;
            }

            foreach (var (key, entry) in table.Keys)
            {
                if (entry.Extras is { } extras)
                {
                    yield return (scope.FirstBucket + index, key, extras);
                }
            }
        }
    }

    /// <summary>Removes a key (its removal is checkpointed); false when it is not held.</summary>
    public bool Remove(int bucket, ReadOnlySpan<byte> key)
    {
        var index = bucket - scope.FirstBucket;
        var table = _buckets[index];
        if (table is null || !table.Keys.GetAlternateLookup<ReadOnlySpan<byte>>().Remove(key, out var stored, out var entry))
        {
            return false;
        }

        table.Removed.Add(stored);
        if (entry.Extras is { } extras && table.Items is { } items)
        {
            for (var sequence = extras.OutputFirst; extras.OutputLast > 0 && sequence <= extras.OutputLast; sequence++)
            {
                RemoveOwnedItem(table, items, StateCodec.ItemKey(stored, sequence));
            }

            for (var sequence = extras.LogFirst; sequence <= extras.LogLast; sequence++)
            {
                RemoveOwnedItem(table, items, StateCodec.LogItemKey(stored, sequence));
            }
        }

        Count--;
        List(index, table);
        return true;
    }

    private static void RemoveOwnedItem(BucketTable<TState> table, Dictionary<byte[], byte[]> items, byte[] item)
    {
        if (items.Remove(item))
        {
            table.Removed.Add(item);
        }
    }

    /// <summary>
    /// Removes keys last changed before <paramref name="cutoff"/>, examining about <paramref name="budget"/> keys,
    /// bucket by bucket from where the previous call stopped. Returns the keys removed.
    /// </summary>
    public int Expire(uint cutoff, int budget)
    {
        var removed = 0;
        var expired = new List<byte[]>();
        for (var visited = 0; visited < _buckets.Length && budget > 0; visited++)
        {
            var index = _expiryCursor;
            _expiryCursor = (_expiryCursor + 1) % _buckets.Length;
            if (_buckets[index] is not { } table)
            {
                continue;
            }

            budget -= table.Keys.Count;
            foreach (var (key, entry) in table.Keys)
            {
                if (entry.Touched < cutoff && entry.Extras is not ({ TimerCount: > 0 } or { PendingTasks: > 0 }))
                {
                    expired.Add(key);
                }
            }

            foreach (var key in expired)
            {
                Remove(scope.FirstBucket + index, key);
            }

            removed += expired.Count;
            expired.Clear();
        }

        return removed;
    }

    /// <summary>
    /// When the partition is idle: asks the next checkpoint to compact buckets whose delta holds at least
    /// <paramref name="minFields"/> fields, examining up to <paramref name="scan"/> buckets from where the previous
    /// call stopped, and at most <paramref name="budgetBytes"/> of their estimated segments. Deltas left behind
    /// by a burst of new keys (up to half a bucket each) are folded, so what the store holds, and what a
    /// recovery reads, shrinks back to the segments. Returns whether any bucket was asked.
    /// </summary>
    public bool CompactIdle(int minFields, int scan, int budgetBytes)
    {
        var asked = false;
        for (var visited = 0; visited < Math.Min(scan, _buckets.Length) && budgetBytes > 0; visited++)
        {
            var index = _compactionCursor;
            _compactionCursor = (_compactionCursor + 1) % _buckets.Length;
            if (_buckets[index] is { DeltaFields: var fields } table && fields >= minFields && !table.FoldWanted)
            {
                table.FoldWanted = true;
                budgetBytes -= EstimatedSegmentBytes * table.Fields;
                List(index, table);
                asked = true;
            }
        }

        return asked;
    }

    /// <summary>What changed since the last checkpoint, as bucket writes; the table counts it as written until <see cref="Failed"/>.</summary>
    public PendingChanges TakeChanges()
    {
        var writes = new List<BucketWrite>(_listed.Count);
        var undo = new List<(int Index, List<byte[]>? Keys)>(_listed.Count);
        var deferred = new List<int>();
        var foldBytes = 0;
        var entries = new DeltaEntries.Writer();
        foreach (var index in _listed)
        {
            var table = _buckets[index]!;
            table.Listed = false;
            var bucket = scope.FirstBucket + index;
            var fold = table.FoldWanted && foldBytes < foldBudgetBytes;
            List<byte[]>? written = null;
            if (!fold)
            {
                entries.Clear();
                written = new List<byte[]>(table.Changed.Count + table.Removed.Count);
                var fresh = WriteDelta(table, entries, written);
                if (table.FoldWanted || table.DeltaFields + fresh >= Math.Max(minFoldFields, table.Fields / 2))
                {
                    fold = foldBytes < foldBudgetBytes;
                    if (!fold)
                    {
                        table.FoldWanted = true;
                        deferred.Add(index);
                    }
                }

                table.DeltaFields += fresh;
            }

            if (fold)
            {
                var segment = StateCodec.WriteSegment(bucket, buckets, codec, table);
                foldBytes += segment.Length;
                Folded(table);
                writes.Add(new BucketWrite { Bucket = bucket, Segment = segment });
                undo.Add((index, null));
                continue;
            }

            Cleared(table);
            writes.Add(new BucketWrite { Bucket = bucket, Entries = entries.ToArray() });
            undo.Add((index, written));
        }

        _listed.Clear();
        foreach (var index in deferred)
        {
            List(index, _buckets[index]!);
        }

        return new PendingChanges(writes, undo);
    }

    /// <summary>A checkpoint carrying <paramref name="changes"/> failed: everything in it waits for the next one.</summary>
    public void Failed(PendingChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var (index, keys) in changes.Undo)
        {
            var table = _buckets[index]!;
            if (keys is null)
            {
                table.FoldWanted = true;
            }
            else
            {
                foreach (var key in keys)
                {
                    if (StateCodec.IsItemKey(key))
                    {
                        if (table.Items?.ContainsKey(key) == true)
                        {
                            table.Changed.Add(key);
                        }
                        else
                        {
                            table.Removed.Add(key);
                        }

                        continue;
                    }

                    ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(table.Keys, key);
                    if (Unsafe.IsNullRef(ref entry))
                    {
                        table.Removed.Add(key);
                    }
                    else if (!entry.Dirty)
                    {
                        entry.Dirty = true;
                        table.Changed.Add(key);
                    }
                }
            }

            List(index, table);
        }
    }

    /// <summary>Loads what a store holds (segments, then the deltas written after them).</summary>
    /// <exception cref="StateCorruptedException">A stored segment or delta value is corrupt or truncated.</exception>
    public void Load(StoredPartition stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        foreach (var bucket in stored.Buckets)
        {
            if (bucket.Bucket < scope.FirstBucket || bucket.Bucket >= scope.EndBucket)
            {
                continue;
            }

            var index = bucket.Bucket - scope.FirstBucket;
            var table = _buckets[index] ??= new BucketTable<TState>();
            try
            {
                if (bucket.Segment is { } segment)
                {
                    StateCodec.ReadSegment(bucket.Bucket, buckets, codec, segment, table);
                }

                var reader = new DeltaEntries.Reader(bucket.Delta);
                while (reader.TryRead(out var key, out var value))
                {
                    table.DeltaFields++;
                    StateCodec.Apply(table, codec, key, StateCodec.OpenDeltaValue(key, value), inDelta: true);
                }
            }
            catch (FormatException ex)
            {
                throw new StateCorruptedException(scope.Stream, scope.Partition, bucket.Bucket, ex.Message);
            }

            Count += table.Keys.Count;
        }
    }

    /// <summary>Writes the bucket's removed and changed keys as delta fields; returns how many are new to the stored delta.</summary>
    private int WriteDelta(BucketTable<TState> table, DeltaEntries.Writer entries, List<byte[]> written)
    {
        var fresh = 0;
        foreach (var key in table.Removed)
        {
            if (StateCodec.IsItemKey(key) ? table.Items?.ContainsKey(key) != true : !table.Keys.ContainsKey(key))
            {
                _value.ResetWrittenCount();
                StateCodec.WriteDeltaValue(_value, codec, key, default, tombstone: true);
                entries.Add(key, _value.WrittenSpan);
                fresh++;
                written.Add(key);
            }
        }

        foreach (var key in table.Changed)
        {
            if (StateCodec.IsItemKey(key))
            {
                if (table.Items?.TryGetValue(key, out var item) == true)
                {
                    _value.ResetWrittenCount();
                    StateCodec.WriteItemDeltaValue(_value, key, item);
                    entries.Add(key, _value.WrittenSpan);
                    written.Add(key);
                    fresh++;
                }

                continue;
            }

            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(table.Keys, key);
            if (Unsafe.IsNullRef(ref entry))
            {
                continue; // removed after it changed: its tombstone is above
            }

            entry.Dirty = false;
            if (!entry.InDelta)
            {
                entry.InDelta = true;
                fresh++;
            }

            _value.ResetWrittenCount();
            StateCodec.WriteDeltaValue(_value, codec, key, entry, tombstone: false);
            entries.Add(key, _value.WrittenSpan);
            written.Add(key);
        }

        return fresh;
    }

    /// <summary>The bucket's segment was rewritten: its stored delta is empty and nothing in it is pending.</summary>
    private static void Folded(BucketTable<TState> table)
    {
        foreach (var key in table.Keys.Keys)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(table.Keys, key);
            entry.InDelta = false;
            entry.Dirty = false;
        }

        Cleared(table);
        table.DeltaFields = 0;
        table.FoldWanted = false;
    }

    /// <summary>Nothing of the bucket is pending; lists grown by a burst (a fill of new keys) are given back.</summary>
    private static void Cleared(BucketTable<TState> table)
    {
        table.Changed.Clear();
        if (table.Changed.Capacity > ChangedListTrim)
        {
            table.Changed.Capacity = 16;
        }

        if (table.Removed.Count > 0)
        {
            table.Removed.Clear();
            table.Removed.TrimExcess();
        }
    }

    private void List(int index, BucketTable<TState> table)
    {
        if (!table.Listed)
        {
            table.Listed = true;
            _listed.Add(index);
        }
    }
}

/// <summary>Limits of compaction (see <see cref="PartitionStateTable{TState}"/>).</summary>
internal static class StateTableLimits
{
    /// <summary>Segment bytes one checkpoint may rewrite; more compaction waits for the next checkpoint.</summary>
    public const int FoldBudgetBytes = 1 << 20;

    /// <summary>A bucket is compacted once its delta holds this many fields, or half its keys if more.</summary>
    public const int MinFoldFields = 64;
}

/// <summary>The bucket writes of one checkpoint, and what to put back if it fails.</summary>
internal sealed record PendingChanges(List<BucketWrite> Writes, List<(int Index, List<byte[]>? Keys)> Undo);
