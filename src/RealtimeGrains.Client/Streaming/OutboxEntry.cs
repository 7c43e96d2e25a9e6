using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>A sealed batch kept until its partition acknowledges it.</summary>
internal sealed class OutboxEntry(StreamBatch batch, long openedAt)
{
    public StreamBatch Batch { get; } = batch;

    /// <summary>Timestamp of the batch's first event (ack latency is measured from it).</summary>
    public long OpenedAt { get; } = openedAt;

    /// <summary>Timestamp of the last send; the ack timeout runs from it.</summary>
    public long SentAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>1 while a send is running, so the timeout scan and a rejection never send the same entry twice at once.</summary>
    public int Sending;
}
