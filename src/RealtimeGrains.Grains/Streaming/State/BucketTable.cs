namespace RealtimeGrains.Streaming.State;

/// <summary>The keys (UTF-8 bytes) of one bucket a partition holds, and what changed in them since the last checkpoint.</summary>
internal sealed class BucketTable
{
    /// <summary>Key to state.</summary>
    public Dictionary<byte[], KeyEntry> Keys { get; } = new(KeyBytesComparer.Instance);

    /// <summary>Keys changed since the last checkpoint (each once: <see cref="KeyEntry.Dirty"/>).</summary>
    public List<byte[]> Changed { get; } = [];

    /// <summary>Keys removed since the last checkpoint.</summary>
    public HashSet<byte[]> Removed { get; } = new(KeyBytesComparer.Instance);

    /// <summary>Fields in the stored delta (an upper bound: a key removed twice counts twice).</summary>
    public int DeltaFields { get; set; }

    /// <summary>The segment must be rewritten at the next checkpoint (a compaction was deferred or failed).</summary>
    public bool FoldWanted { get; set; }

    /// <summary>Listed in the partition's buckets with changes.</summary>
    public bool Listed { get; set; }
}
