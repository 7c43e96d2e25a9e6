namespace RealtimeGrains.Client.Streaming;

/// <summary>Thread-safe counters behind <see cref="ProducerStatistics"/>.</summary>
internal sealed class ProducerCounters
{
    private long _published;
    private long _eventsAcked;
    private long _sealed;
    private long _batchesAcked;
    private long _resent;
    private long _rejections;
    private long _corrupted;

    public void Published() => Interlocked.Increment(ref _published);

    public void Sealed() => Interlocked.Increment(ref _sealed);

    public void Resent() => Interlocked.Increment(ref _resent);

    public void Rejected() => Interlocked.Increment(ref _rejections);

    public void Corrupted() => Interlocked.Increment(ref _corrupted);

    public void Acked(int events)
    {
        Interlocked.Increment(ref _batchesAcked);
        Interlocked.Add(ref _eventsAcked, events);
    }

    public ProducerStatistics Snapshot(long inFlight) => new()
    {
        EventsPublished = Interlocked.Read(ref _published),
        EventsAcked = Interlocked.Read(ref _eventsAcked),
        BatchesSealed = Interlocked.Read(ref _sealed),
        BatchesAcked = Interlocked.Read(ref _batchesAcked),
        BatchesResent = Interlocked.Read(ref _resent),
        Rejections = Interlocked.Read(ref _rejections),
        Corrupted = Interlocked.Read(ref _corrupted),
        InFlight = inFlight,
    };
}
