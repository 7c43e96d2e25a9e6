namespace RealtimeGrains.Streaming;

/// <summary>Batches of one producer on one partition that are durable (checkpointed) and released from its outbox.</summary>
[GenerateSerializer, Immutable, Alias("rtg.batch-ack")]
public sealed record BatchAck
{
    [Id(0)] public required string Stream { get; init; }

    [Id(1)] public required int Partition { get; init; }

    [Id(2)] public required Guid ProducerId { get; init; }

    /// <summary>Acknowledged sequence numbers.</summary>
    [Id(3)] public required long[] Sequences { get; init; }
}
