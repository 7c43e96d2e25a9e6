namespace RealtimeGrains.Storage;

/// <summary>
/// Limits of one in-memory grain storage (named options, one per storage name). Records live in
/// <see cref="Shards"/> store grains spread over the silos; a record is lost with the silo holding its shard.
/// </summary>
public sealed class MemoryStoreOptions
{
    /// <summary>How long a record is kept after its last write; <see langword="null"/> keeps it until deleted.</summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>Most records kept (oldest written dropped first), spread evenly over the shards; 0: no cap.</summary>
    public int MaxRecords { get; set; }

    /// <summary>Store grains the records are spread over by a stable hash of their key.</summary>
    public int Shards { get; set; } = 16;

    /// <summary>The cap of one shard: <see cref="MaxRecords"/> divided over the shards, rounded up; 0: no cap.</summary>
    internal int MaxRecordsPerShard => MaxRecords <= 0 ? 0 : (MaxRecords + Shards - 1) / Shards;
}
