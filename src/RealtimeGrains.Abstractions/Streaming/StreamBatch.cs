namespace RealtimeGrains.Streaming;

/// <summary>
/// A sealed batch of keyed events for one partition of one stream, as it travels from a producer to
/// its partition grain. <see cref="Crc"/> covers every other field (see <see cref="BatchCodec.ComputeCrc(StreamBatch)"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.stream-batch")]
public sealed record StreamBatch
{
    /// <summary>Declared stream name.</summary>
    [Id(0)] public required string Stream { get; init; }

    /// <summary>The producer that sealed the batch; with <see cref="Sequence"/> the dedup identity.</summary>
    [Id(1)] public required Guid ProducerId { get; init; }

    /// <summary>Per (producer, stream, partition) sequence number, starting at 1, dense.</summary>
    [Id(2)] public required long Sequence { get; init; }

    /// <summary>Target partition.</summary>
    [Id(3)] public required int Partition { get; init; }

    /// <summary>Number of events packed in <see cref="Events"/>.</summary>
    [Id(4)] public required int Count { get; init; }

    /// <summary>Packed events: varint key length, key UTF-8, varint payload length, payload; repeated.</summary>
    [Id(5)] public required byte[] Events { get; init; }

    /// <summary>Where acknowledgements go; its grain id is covered by the CRC.</summary>
    [Id(6)] public IBatchAckObserver? ReplyTo { get; init; }

    /// <summary>CRC-32 (IEEE) over every other field.</summary>
    [Id(7)] public uint Crc { get; init; }

    /// <summary>
    /// Every sequence of this producer and partition at or below it was acknowledged when the batch was
    /// sealed. A partition that has forgotten the producer (idle past <c>ProducerRetentionMinutes</c>, or
    /// the idlest beyond <c>MaxProducersPerPartition</c>) starts the producer's dedup window here instead of
    /// at 0, so the producer's next batch is accepted rather than refused as far out of its window.
    /// </summary>
    [Id(8)] public long AcknowledgedUpTo { get; init; }
}
