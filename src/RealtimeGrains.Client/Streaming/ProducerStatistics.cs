namespace RealtimeGrains.Client.Streaming;

/// <summary>Counters of one producer since it was created.</summary>
public sealed record ProducerStatistics
{
    public long EventsPublished { get; init; }

    public long EventsAcked { get; init; }

    public long BatchesSealed { get; init; }

    public long BatchesAcked { get; init; }

    /// <summary>Sends after the first one: after a rejection, an ack timeout or a failed send.</summary>
    public long BatchesResent { get; init; }

    /// <summary>Rejections received (CRC mismatch, malformed, out of window).</summary>
    public long Rejections { get; init; }

    /// <summary>Sends whose bytes fault injection corrupted.</summary>
    public long Corrupted { get; init; }

    /// <summary>Batches not yet acknowledged.</summary>
    public long InFlight { get; init; }
}
