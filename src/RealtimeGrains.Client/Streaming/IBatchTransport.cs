using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// How a producer's partition loops reach the partitions. Acknowledgements and rejections reach the loop as
/// <see cref="PartitionLoop.OnAcked"/> and <see cref="PartitionLoop.OnRejected"/>: from the send's answer, or from
/// <see cref="ReplyTo"/> when a transport sets one.
/// </summary>
internal interface IBatchTransport
{
    /// <summary>The observer stamped on every batch (part of its CRC) for the partition to report to; null when the send's answer reports.</summary>
    IBatchAckObserver? ReplyTo { get; }

    /// <summary>
    /// Sends one batch: false when the receiver is full (back-pressure, not a failed send); throws when the send failed,
    /// or <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> ended it first.
    /// </summary>
    Task<bool> SendAsync(StreamBatch batch, CancellationToken cancellationToken);
}
