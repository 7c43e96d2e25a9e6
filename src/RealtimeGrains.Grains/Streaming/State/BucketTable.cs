namespace RealtimeGrains.Streaming.State;

/// <summary>The keys (UTF-8 bytes) and items of one bucket a partition holds, and what changed in them since the last checkpoint.</summary>
internal sealed class BucketTable<TState>
{
    /// <summary>Key to state.</summary>
    public Dictionary<byte[], KeyEntry<TState>> Keys { get; } = new(KeyBytesComparer.Instance);

    /// <summary>Item key (<see cref="StateCodec.ItemKey"/>) to value: retained outputs; null until the bucket has one.</summary>
    public Dictionary<byte[], byte[]>? Items { get; set; }

    /// <summary>Keys changed since the last checkpoint (each once: <see cref="KeyEntry{TState}.Dirty"/>), and items added.</summary>
    public List<byte[]> Changed { get; } = [];

    /// <summary>Keys and items removed since the last checkpoint.</summary>
    public HashSet<byte[]> Removed { get; } = new(KeyBytesComparer.Instance);

    /// <summary>Fields in the stored delta (an upper bound: a key removed twice counts twice).</summary>
    public int DeltaFields { get; set; }

    /// <summary>The segment must be rewritten at the next checkpoint (a compaction was deferred or failed).</summary>
    public bool FoldWanted { get; set; }

    /// <summary>Listed in the partition's buckets with changes.</summary>
    public bool Listed { get; set; }

    /// <summary>Keys and items held.</summary>
    public int Fields => Keys.Count + (Items?.Count ?? 0);
}
