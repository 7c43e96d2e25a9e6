using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>A sealed batch kept until its partition acknowledges it; only its <see cref="PartitionLoop"/> touches it.</summary>
internal sealed class OutboxEntry(StreamBatch batch, long openedAt)
{
    public StreamBatch Batch { get; } = batch;

    /// <summary>Timestamp of the batch's first event (ack latency is measured from it).</summary>
    public long OpenedAt { get; } = openedAt;

    /// <summary>
    /// When the loop sends it again, set when a send of it is over (at once after a refusal, else its ack timeout);
    /// <see cref="long.MaxValue"/> while it waits for a window slot or a send of it is under way.
    /// </summary>
    public long DueAt { get; set; } = long.MaxValue;

    /// <summary>Sends so far, against <see cref="ProducerOptions.MaxAttempts"/>.</summary>
    public int Attempts { get; set; }
}
