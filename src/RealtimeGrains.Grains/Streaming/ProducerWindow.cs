namespace RealtimeGrains.Streaming;

/// <summary>What a partition does with a batch sequence number from one producer.</summary>
internal enum SequenceOutcome
{
    /// <summary>Never seen: apply it.</summary>
    Accepted = 0,

    /// <summary>Already applied: drop it, acknowledge again.</summary>
    Duplicate = 1,

    /// <summary>Too far ahead of the producer's contiguous prefix: refuse it for now (bounded memory).</summary>
    OutOfWindow = 2,
}

/// <summary>
/// Deduplication state of one producer on one partition: every sequence up to <see cref="Contiguous"/>
/// is applied, plus the sparse set <see cref="Above"/> beyond it. Memory is bounded by the window:
/// a producer has at most its in-flight window of batches outstanding, so gaps close quickly.
/// </summary>
internal sealed class ProducerWindow
{
    public long Contiguous { get; set; }

    public HashSet<long> Above { get; set; } = [];

    /// <summary>When this producer was last heard of; the longest idle producer is forgotten first.</summary>
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>Classifies <paramref name="sequence"/> and, when accepted, records it.</summary>
    public SequenceOutcome TryAccept(long sequence, int window)
    {
        if (sequence <= Contiguous || Above.Contains(sequence))
        {
            return SequenceOutcome.Duplicate;
        }

        // As a difference: Contiguous + window overflows for a (hostile) batch whose acknowledged sequence is near long.MaxValue.
        if (sequence - Contiguous > window)
        {
            return SequenceOutcome.OutOfWindow;
        }

        if (sequence == Contiguous + 1)
        {
            Contiguous = sequence;
            while (Above.Remove(Contiguous + 1))
            {
                Contiguous++;
            }
        }
        else
        {
            Above.Add(sequence);
        }

        return SequenceOutcome.Accepted;
    }
}
