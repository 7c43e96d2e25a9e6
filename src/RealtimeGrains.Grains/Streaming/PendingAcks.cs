namespace RealtimeGrains.Streaming;

/// <summary>Batches applied since the last checkpoint, grouped by producer, acknowledged together once it is written.</summary>
internal sealed class PendingAcks
{
    private readonly Dictionary<Guid, (IBatchAckObserver? ReplyTo, List<long> Sequences)> _byProducer = [];

    public int Count { get; private set; }

    public void Add(Guid producerId, long sequence, IBatchAckObserver? replyTo)
    {
        if (!_byProducer.TryGetValue(producerId, out var entry))
        {
            entry = (replyTo, []);
        }

        entry.Sequences.Add(sequence);
        _byProducer[producerId] = (replyTo ?? entry.ReplyTo, entry.Sequences);
        Count++;
    }

    /// <summary>Sends one acknowledgement per producer (one-way) and clears.</summary>
    public void AcknowledgeAll(string stream, int partition)
    {
        foreach (var (producerId, (replyTo, sequences)) in _byProducer)
        {
            replyTo?.OnAcked(new BatchAck { Stream = stream, Partition = partition, ProducerId = producerId, Sequences = [.. sequences] }).Ignore();
        }

        _byProducer.Clear();
        Count = 0;
    }
}
