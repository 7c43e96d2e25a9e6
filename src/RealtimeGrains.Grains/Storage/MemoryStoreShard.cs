using System.Globalization;

namespace RealtimeGrains.Storage;

/// <summary>
/// The records of one memory store shard, kept in write order so that expiry and the cap drop the
/// oldest written first at O(1) each. A record expires <c>retention</c> after its last write (as a Redis
/// key expiry does); past <c>maxRecords</c>, the oldest written is dropped. A deleted record is removed,
/// not kept as a tombstone. ETags follow Orleans' memory storage: a write or delete must present the
/// stored record's ETag; any ETag is accepted where no record is stored (never written, removed, or lost
/// with a silo), so a grain can always store its state again. Not thread-safe: one grain owns it.
/// </summary>
internal sealed class MemoryStoreShard(TimeProvider time, TimeSpan? retention, int maxRecords)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _records = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _byWrite = new();

    /// <summary>Distinguishes this shard's ETags from those of an earlier shard that was lost with its silo.</summary>
    private readonly string _epoch = Guid.NewGuid().ToString("N")[..8];
    private long _version;

    /// <summary>Records held now.</summary>
    public int Count => _records.Count;

    /// <summary>Records dropped because they expired or the cap was reached.</summary>
    public long Dropped { get; private set; }

    public MemoryStoreRecord? Read(string key)
    {
        if (!_records.TryGetValue(key, out var node))
        {
            return null;
        }

        if (Expired(node.Value))
        {
            Drop(node);
            return null;
        }

        return node.Value.Record;
    }

    /// <summary>Stores <paramref name="data"/> under <paramref name="key"/>; false (nothing stored) when <paramref name="etag"/> does not match.</summary>
    public bool TryWrite(string key, byte[] data, string? etag, out string newETag)
    {
        Sweep();
        _records.TryGetValue(key, out var node);
        if (node is not null && !Matches(node.Value, etag))
        {
            newETag = "";
            return false;
        }

        newETag = _epoch + "-" + (++_version).ToString(CultureInfo.InvariantCulture);
        var entry = new Entry(key, new MemoryStoreRecord(data, newETag), time.GetTimestamp());
        if (node is null)
        {
            _records[key] = _byWrite.AddLast(entry);
        }
        else
        {
            _byWrite.Remove(node);
            node.Value = entry;
            _byWrite.AddLast(node);
        }

        while (maxRecords > 0 && _records.Count > maxRecords)
        {
            Drop(_byWrite.First!);
        }

        return true;
    }

    /// <summary>Removes the record under <paramref name="key"/>; false (nothing removed) when <paramref name="etag"/> does not match.</summary>
    public bool TryDelete(string key, string? etag)
    {
        if (!_records.TryGetValue(key, out var node))
        {
            return true;
        }

        if (Expired(node.Value))
        {
            Drop(node);
            return true;
        }

        if (!Matches(node.Value, etag))
        {
            return false;
        }

        _records.Remove(key);
        _byWrite.Remove(node);
        return true;
    }

    /// <summary>Drops every expired record; returns how many.</summary>
    public int Sweep()
    {
        var swept = 0;
        while (_byWrite.First is { } oldest && Expired(oldest.Value))
        {
            Drop(oldest);
            swept++;
        }

        return swept;
    }

    private static bool Matches(Entry entry, string? etag) => string.Equals(entry.Record.ETag, etag, StringComparison.Ordinal);

    private bool Expired(Entry entry) => retention is { } keep && time.GetElapsedTime(entry.WrittenAt) >= keep;

    private void Drop(LinkedListNode<Entry> node)
    {
        _records.Remove(node.Value.Key);
        _byWrite.Remove(node);
        Dropped++;
    }

    private sealed record Entry(string Key, MemoryStoreRecord Record, long WrittenAt);
}
