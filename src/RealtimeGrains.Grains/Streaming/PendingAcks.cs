namespace RealtimeGrains.Streaming;

/// <summary>
/// Batches applied since the last checkpoint, grouped by producer, acknowledged together once it is written.
/// A sequence is held once however often its batch is resent while checkpoints fail, so what waits is bounded
/// by the producers' windows, not by how long storage is down.
/// </summary>
internal sealed class PendingAcks
{
    private readonly Dictionary<Guid, (IBatchAckObserver? ReplyTo, HashSet<long> Sequences)> _byProducer = [];

    private List<TaskCompletionSource>? _waiters;

    /// <summary>Distinct batches waiting for the next checkpoint.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a batch whose caller waits for the checkpoint (and whose <paramref name="replyTo"/>, if any, is acknowledged).</summary>
    public void Add(Guid producerId, long sequence, IBatchAckObserver? replyTo, TaskCompletionSource waiter)
    {
        Add(producerId, sequence, replyTo);
        (_waiters ??= []).Add(waiter);
    }

    public void Add(Guid producerId, long sequence, IBatchAckObserver? replyTo)
    {
        if (!_byProducer.TryGetValue(producerId, out var entry))
        {
            entry = (replyTo, []);
        }

        if (entry.Sequences.Add(sequence))
        {
            Count++;
        }

        _byProducer[producerId] = (replyTo ?? entry.ReplyTo, entry.Sequences);
    }

    /// <summary>Adds every batch of <paramref name="other"/> (whose checkpoint failed) to this set.</summary>
    public void MergeFrom(PendingAcks other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (producerId, (replyTo, sequences)) in other._byProducer)
        {
            foreach (var sequence in sequences)
            {
                Add(producerId, sequence, replyTo);
            }
        }

        if (other._waiters is { } waiters)
        {
            (_waiters ??= []).AddRange(waiters);
        }
    }

    /// <summary>Sends one acknowledgement per producer (one-way) and clears.</summary>
    public void AcknowledgeAll(string stream, int partition)
    {
        foreach (var (producerId, (replyTo, sequences)) in _byProducer)
        {
            replyTo?.OnAcked(new BatchAck { Stream = stream, Partition = partition, ProducerId = producerId, Sequences = [.. sequences] }).Ignore();
        }

        if (_waiters is { } waiters)
        {
            foreach (var waiter in waiters)
            {
                waiter.TrySetResult();
            }
        }

        _byProducer.Clear();
        _waiters = null;
        Count = 0;
    }
}
