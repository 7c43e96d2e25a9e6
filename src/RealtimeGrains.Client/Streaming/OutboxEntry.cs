using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>A sealed batch kept until its partition acknowledges it; only its <see cref="PartitionLoop"/> touches it.</summary>
internal sealed class OutboxEntry(StreamBatch batch, long openedAt)
{
    public StreamBatch Batch { get; } = batch;

    /// <summary>Timestamp of the batch's first event (ack latency is measured from it).</summary>
    public long OpenedAt { get; } = openedAt;

    public OutboxState State { get; set; }

    /// <summary>When the loop next acts on it: the ack timeout once <see cref="OutboxState.Sent"/>, the end of the back-off once <see cref="OutboxState.BackingOff"/>.</summary>
    public long DueAt { get; set; } = long.MaxValue;

    public int Attempts { get; set; }

    public TimeSpan Backoff { get; set; } = TimeSpan.FromMilliseconds(10);
}

/// <summary>Waiting for a window slot, being sent, sent and waiting for its ack, or waiting out a back-off after a failed send.</summary>
internal enum OutboxState
{
    Waiting,
    Sending,
    Sent,
    BackingOff,
}
