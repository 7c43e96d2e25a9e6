using RealtimeGrains.Partitioning;

namespace RealtimeGrains.Streaming;

/// <summary>A stream declared on the silos: its processor and partitioning, as producers and queries need it.</summary>
[GenerateSerializer, Immutable, Alias("rtg.stream-definition")]
public sealed record StreamDefinition
{
    [Id(0)] public required string Name { get; init; }

    [Id(1)] public required string Processor { get; init; }

    [Id(2)] public int Buckets { get; init; } = 4096;

    [Id(3)] public int Partitions { get; init; } = 16;

    [Id(4)] public PartitioningKind Partitioning { get; init; } = PartitioningKind.Hash;

    /// <summary>Range partitioning: P-1 ascending boundaries.</summary>
    [Id(5)] public IReadOnlyList<string> Boundaries { get; init; } = [];

    /// <summary>Largest key accepted, in UTF-8 bytes.</summary>
    [Id(6)] public int MaxKeyBytes { get; init; } = 1024;

    /// <summary>Largest payload accepted, in bytes.</summary>
    [Id(7)] public int MaxPayloadBytes { get; init; } = 64 * 1024;

    /// <summary>A key not updated for this long is removed from the stream's state, in ms; 0 keeps keys for ever.</summary>
    [Id(8)] public long KeyTtlMs { get; init; }

    /// <summary>The stream a processor's <c>Emit</c> goes to, or null.</summary>
    [Id(9)] public string? Output { get; init; }

    /// <summary>Events retained per key for subscribers (0: none; subscriptions need it).</summary>
    [Id(10)] public int Retain { get; init; }

    /// <summary>How far behind the newest event time the watermark stays, in ms.</summary>
    [Id(11)] public long AllowedLatenessMs { get; init; }

    /// <summary>After this long without events the watermark follows processing time, in ms.</summary>
    [Id(12)] public long WatermarkIdleMs { get; init; } = 1_000;

    /// <summary>Settings for the stream's processor (<c>Settings</c> in its declaration), e.g. the <c>task</c> processor's queue.</summary>
    [Id(13)] public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Creates the partitioner for this layout.</summary>
    public Partitioner CreatePartitioner() => new(Buckets, Partitions, Partitioning, Boundaries);

    /// <summary>Orleans stream namespace of this stream's partitions (the stream name itself).</summary>
    public string StreamNamespace => Name;

    /// <summary>Orleans stream key, and partition grain key, of one partition: <c>{stream}/{partition}</c>.</summary>
    public string PartitionKey(int partition) => PartitionGrainKey.Format(Name, partition);
}
