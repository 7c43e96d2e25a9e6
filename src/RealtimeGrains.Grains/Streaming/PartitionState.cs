namespace RealtimeGrains.Streaming;

/// <summary>What a partition grain checkpoints: per-key state, dedup windows and counters, written together.</summary>
[GenerateSerializer, Alias("rtg.partition-state")]
internal sealed class PartitionState
{
    [Id(0)] public Dictionary<string, KeyState> Keys { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public Dictionary<Guid, ProducerWindow> Producers { get; set; } = [];

    [Id(2)] public PartitionCounters Counters { get; set; } = new();
}

/// <summary>Running counters of a partition, persisted with its state.</summary>
[GenerateSerializer, Alias("rtg.partition-counters")]
internal sealed class PartitionCounters
{
    [Id(0)] public long EventsApplied { get; set; }

    [Id(1)] public long Batches { get; set; }

    [Id(2)] public long CrcFailures { get; set; }

    [Id(3)] public long Malformed { get; set; }

    [Id(4)] public long DuplicatesDropped { get; set; }

    [Id(5)] public long Checkpoints { get; set; }

    [Id(6)] public long EventsRejected { get; set; }
}
