using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>A sealed batch kept until its partition acknowledges it; only its <see cref="PartitionLoop"/> touches it.</summary>
internal sealed class OutboxEntry(StreamBatch batch, long openedAt)
{
    public StreamBatch Batch { get; } = batch;

    /// <summary>Timestamp of the batch's first event (ack latency is measured from it).</summary>
    public long OpenedAt { get; } = openedAt;

    public OutboxState State { get; set; }

    /// <summary>When <see cref="State"/> next needs the loop: the ack timeout after a send, the end of a back-off after a failed one.</summary>
    public long DueAt { get; set; } = long.MaxValue;

    public int Attempts { get; set; }

    public TimeSpan Backoff { get; set; } = TimeSpan.FromMilliseconds(10);
}

internal enum OutboxState
{
    /// <summary>Sealed, waiting for a slot in the in-flight window.</summary>
    Waiting,

    /// <summary>A send is running.</summary>
    Sending,

    /// <summary>Sent; waiting for the acknowledgement until <see cref="OutboxEntry.DueAt"/>.</summary>
    Sent,

    /// <summary>The last send failed; sent again at <see cref="OutboxEntry.DueAt"/>.</summary>
    BackingOff,
}
