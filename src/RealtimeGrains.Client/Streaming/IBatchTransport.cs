using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// How a producer's partition loops reach the partitions. Acknowledgements and rejections come back through
/// <see cref="ReplyTo"/>, which every batch carries, and reach the loop as <see cref="PartitionLoop.OnAcked"/>
/// and <see cref="PartitionLoop.OnRejected"/>.
/// </summary>
internal interface IBatchTransport
{
    /// <summary>The observer stamped on every batch (part of its CRC); the partition reports to it.</summary>
    IBatchAckObserver? ReplyTo { get; }

    /// <summary>Sends one batch: false when the receiving queue is full (back-pressure, not a failed send); throws when the send failed.</summary>
    Task<bool> SendAsync(StreamBatch batch);
}
