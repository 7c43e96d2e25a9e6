namespace RealtimeGrains.Streaming;

/// <summary>Why a partition grain refused a batch without applying any of it.</summary>
public enum BatchRejectReason
{
    /// <summary>The CRC does not match the contents: resend at once.</summary>
    CrcMismatch = 0,

    /// <summary>Counts or lengths do not add up, or the batch is for another partition or stream.</summary>
    Malformed = 1,

    /// <summary>The sequence is too far ahead of the producer's acknowledged sequences; resend later.</summary>
    OutOfWindow = 2,
}

/// <summary>A negative acknowledgement: the batch was not applied and should be sent again.</summary>
[GenerateSerializer, Immutable, Alias("rtg.batch-rejection")]
public sealed record BatchRejection
{
    [Id(0)] public required string Stream { get; init; }

    [Id(1)] public required int Partition { get; init; }

    [Id(2)] public required Guid ProducerId { get; init; }

    [Id(3)] public required long Sequence { get; init; }

    [Id(4)] public required BatchRejectReason Reason { get; init; }

    [Id(5)] public string Detail { get; init; } = "";

    /// <summary>The refusal of <paramref name="batch"/> by <paramref name="refused"/> (as its caller received it).</summary>
    public static BatchRejection Of(StreamBatch batch, BatchRejectedException refused)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(refused);
        return new()
        {
            Stream = batch.Stream,
            Partition = batch.Partition,
            ProducerId = batch.ProducerId,
            Sequence = batch.Sequence,
            Reason = refused.Reason,
            Detail = refused.Message,
        };
    }
}
