using System.Runtime.InteropServices;

namespace RealtimeGrains.Streaming.State;

/// <summary>
/// Partition state held in memory, in the same shape as every store (segments and key-compacted deltas by
/// bucket, a record per partition with its owner): the embedded default's store logic, one instance per
/// partition in a <see cref="PartitionStoreGrain"/>. Segments are kept as written (compact bytes); a delta is a
/// dictionary of field bytes. Not thread-safe.
/// </summary>
internal sealed class MemoryStateShard
{
    private readonly Dictionary<string, Record> _partitions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Prefix, int Bucket), Stored> _buckets = [];

    /// <summary>Bytes held in segments and deltas.</summary>
    public long Bytes { get; private set; }

    public StoredPartition Open(StateScope scope, string owner)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var record = RecordOf(scope);
        record.Owner = owner;
        var stored = new StoredPartition { Fields = new Dictionary<string, byte[]>(record.Fields, StringComparer.Ordinal) };
        for (var bucket = scope.FirstBucket; bucket < scope.EndBucket; bucket++)
        {
            if (!_buckets.TryGetValue((scope.SegmentPrefix, bucket), out var held))
            {
                continue;
            }

            var delta = new DeltaEntries.Writer();
            foreach (var (key, value) in held.Delta)
            {
                delta.Add(key, value);
            }

            stored.Buckets.Add(new StoredBucket { Bucket = bucket, Segment = held.Segment, Delta = delta.ToArray() });
        }

        return stored;
    }

    /// <summary>Applies <paramref name="commit"/> whole, or throws <see cref="StateFencedException"/> and applies nothing.</summary>
    public void Commit(StateScope scope, string owner, StateCommit commit)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(commit);
        var record = RecordOf(scope);
        if (!string.Equals(record.Owner, owner, StringComparison.Ordinal))
        {
            throw new StateFencedException(scope.PartitionName);
        }

        foreach (var write in commit.Buckets)
        {
            var key = (scope.SegmentPrefix, write.Bucket);
            if (!_buckets.TryGetValue(key, out var held))
            {
                _buckets[key] = held = new Stored();
            }

            if (write.Segment is { } segment)
            {
                Bytes += segment.Length - (held.Segment?.Length ?? 0) - held.DeltaBytes;
                held.Segment = segment;
                held.Delta = new Dictionary<byte[], byte[]>(KeyBytesComparer.Instance); // not Clear(): it would keep a burst's capacity
                held.DeltaBytes = 0;
            }

            var delta = held.Delta.GetAlternateLookup<ReadOnlySpan<byte>>();
            var reader = new DeltaEntries.Reader(write.Entries);
            while (reader.TryRead(out var field, out var value))
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(delta, field, out var existed);
                var change = value.Length - (existed ? slot!.Length : -field.Length);
                slot = value.ToArray();
                held.DeltaBytes += change;
                Bytes += change;
            }
        }

        foreach (var (field, value) in commit.Fields)
        {
            if (value is null)
            {
                record.Fields.Remove(field);
            }
            else
            {
                record.Fields[field] = value;
            }
        }
    }

    private Record RecordOf(StateScope scope)
    {
        if (!_partitions.TryGetValue(scope.PartitionName, out var record))
        {
            _partitions[scope.PartitionName] = record = new Record();
        }

        return record;
    }

    private sealed class Record
    {
        public string? Owner { get; set; }

        public Dictionary<string, byte[]> Fields { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Stored
    {
        public byte[]? Segment { get; set; }

        public Dictionary<byte[], byte[]> Delta { get; set; } = new(KeyBytesComparer.Instance);

        public long DeltaBytes { get; set; }
    }
}
