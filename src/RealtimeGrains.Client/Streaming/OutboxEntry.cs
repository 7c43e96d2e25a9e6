using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>A sealed batch kept until its partition acknowledges it; only its <see cref="PartitionLoop"/> touches it.</summary>
internal sealed class OutboxEntry(StreamBatch batch, long openedAt)
{
    public StreamBatch Batch { get; } = batch;

    /// <summary>Timestamp of the batch's first event (ack latency is measured from it).</summary>
    public long OpenedAt { get; } = openedAt;

    public OutboxState State { get; set; }

    /// <summary>When the loop sends it again once <see cref="OutboxState.Sent"/>: the ack timeout.</summary>
    public long DueAt { get; set; } = long.MaxValue;

    /// <summary>Sends so far, against <see cref="ProducerOptions.MaxAttempts"/>.</summary>
    public int Attempts { get; set; }
}

/// <summary>Waiting for a window slot, being sent (retries included), or sent and waiting for its ack.</summary>
internal enum OutboxState
{
    Waiting,
    Sending,
    Sent,
}
