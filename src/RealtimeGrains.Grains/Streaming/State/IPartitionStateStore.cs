namespace RealtimeGrains.Streaming.State;

/// <summary>
/// Durable home of partition state, organised by bucket: each bucket has a <em>segment</em> (a snapshot of its
/// keys, written whole) and a <em>delta</em> (the latest value of each key changed since the segment was written,
/// one field per key). A checkpoint writes changed keys into deltas, or replaces a bucket's segment and clears its
/// delta (compaction), plus the partition's own fields (counters, producer windows), as one atomic unit. Values
/// are opaque bytes (checksummed by <see cref="StateCodec"/>); stores only keep them. A store fences writers:
/// <see cref="OpenAsync"/> makes its caller the partition's only owner, and a commit by an earlier owner fails.
/// </summary>
internal interface IPartitionStateStore
{
    /// <summary>Makes <paramref name="owner"/> the owner of the partition and reads every bucket of the scope's range.</summary>
    Task<StoredPartition> OpenAsync(StateScope scope, string owner);

    /// <summary>Applies <paramref name="commit"/> atomically (all of it or nothing).</summary>
    /// <exception cref="StateFencedException">Another owner opened the partition since <paramref name="owner"/> did.</exception>
    Task CommitAsync(StateScope scope, string owner, StateCommit commit);
}

/// <summary>What one checkpoint writes.</summary>
[GenerateSerializer, Immutable, Alias("rtg.state-commit")]
internal sealed class StateCommit
{
    /// <summary>Per-bucket writes, at most one per bucket.</summary>
    [Id(0)] public List<BucketWrite> Buckets { get; init; } = [];

    /// <summary>Fields of the partition's own record; a null value removes the field.</summary>
    [Id(1)] public Dictionary<string, byte[]?> Fields { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Bytes this commit carries (keys, values, segments, fields): what a checkpoint costs.</summary>
    public long Bytes => Buckets.Sum(b => (long)b.Entries.Length + (b.Segment?.Length ?? 0)) + Fields.Sum(f => (long)f.Key.Length + (f.Value?.Length ?? 0));
}

/// <summary>
/// One bucket's part of a commit. With <see cref="Segment"/>: the bucket's new segment, which replaces the stored
/// one and clears its delta. Then <see cref="Entries"/> sets keys in the (new, empty) delta: <see cref="DeltaEntries"/>
/// encoding, a value per key (a tombstone value for a removed key).
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.bucket-write")]
internal sealed record BucketWrite
{
    [Id(0)] public required int Bucket { get; init; }

    /// <summary>The bucket's new segment, or null to keep it.</summary>
    [Id(1)] public byte[]? Segment { get; init; }

    /// <summary>Delta fields to set, encoded by <see cref="DeltaEntries"/>.</summary>
    [Id(2)] public byte[] Entries { get; init; } = [];
}

/// <summary>What a store holds for one partition.</summary>
[GenerateSerializer, Immutable, Alias("rtg.stored-partition")]
internal sealed class StoredPartition
{
    /// <summary>Buckets of the range that hold anything (others are empty).</summary>
    [Id(0)] public List<StoredBucket> Buckets { get; init; } = [];

    /// <summary>The partition's own fields.</summary>
    [Id(1)] public Dictionary<string, byte[]> Fields { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>One stored bucket: its segment (or none) and its delta fields (key to value).</summary>
[GenerateSerializer, Immutable, Alias("rtg.stored-bucket")]
internal sealed record StoredBucket
{
    [Id(0)] public required int Bucket { get; init; }

    [Id(1)] public byte[]? Segment { get; init; }

    /// <summary>Delta fields, <see cref="DeltaEntries"/> encoding.</summary>
    [Id(2)] public byte[] Delta { get; init; } = [];
}
