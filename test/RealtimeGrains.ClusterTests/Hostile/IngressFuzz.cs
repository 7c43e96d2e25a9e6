using System.Text;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.ClusterTests.Hostile;

/// <summary>
/// Random batches as a hostile client builds them: junk or truncated events, lying counts, impossible sequences,
/// wrong or missing CRCs, undeclared streams and partitions, oversized arrays. Each input knows the outcome it
/// must get: refused at the ingress, refused by its partition, or applied.
/// </summary>
internal sealed class IngressFuzz(Random random, IBatchAckObserver replyTo, int partitions, int dedupWindow)
{
    private readonly Partitioning.Partitioner _partitioner = new StreamDefinition { Name = "events", Processor = "count", Partitions = partitions }.CreatePartitioner();

    public enum Outcome
    {
        RefusedAtIngress,
        RefusedByPartition,
        Applied,
    }

    public (StreamBatch? Batch, Outcome Expected) Next()
    {
        if (random.Next(100) == 0)
        {
            return (null, Outcome.RefusedAtIngress);
        }

        var partition = Pick(85, random.Next(partitions), -1, partitions, int.MaxValue, int.MinValue);
        var (events, count) = Events(partition);
        var sequence = Pick(90, random.NextInt64(1, 5_000), 0L, -5L, long.MaxValue, long.MinValue);
        var acknowledged = Pick(85, Math.Max(0, sequence - random.Next(1, 2_000)), -1L, long.MaxValue, sequence, long.MaxValue - 1);
        var batch = new StreamBatch
        {
            Stream = random.Next(20) switch { 0 => "nope", 1 => "", 2 => new string('s', 300), 3 => null!, _ => "events" },
            ProducerId = Guid.NewGuid(),
            Sequence = sequence,
            AcknowledgedUpTo = acknowledged,
            Partition = partition,
            Count = Pick(75, count, 0, -1, count + 1, int.MaxValue, int.MinValue, random.Next()),
            Events = events!,
            ReplyTo = replyTo,
        };
        batch = Attack.Reseal(batch);
        if (random.Next(10) == 0)
        {
            batch = batch with { Crc = batch.Crc ^ (uint)random.Next(1, int.MaxValue) };
        }

        return (batch, Expect(batch));
    }

    private Outcome Expect(StreamBatch batch)
    {
        if (IngressCheck.Refusal(batch, batch.Stream == "events" ? partitions : null, 1024 * 1024) is not null)
        {
            return Outcome.RefusedAtIngress;
        }

        return BatchCodec.Check(batch, "events", batch.Partition, 1024, 64 * 1024, _partitioner) == BatchCheck.Ok
            && batch.Sequence - Math.Max(0, batch.AcknowledgedUpTo) <= dedupWindow
            ? Outcome.Applied
            : Outcome.RefusedByPartition;
    }

    /// <summary>Packed events and how many there are (junk counts as 1): valid, mutated, random, oversized or missing.</summary>
    private (byte[]? Events, int Count) Events(int partition)
    {
        switch (random.Next(100))
        {
            case < 2:
                return (null, 1);
            case < 4:
                return (Junk(1024 * 1024 + 1 + random.Next(100_000)), 1);
            case < 40:
                return (Junk(random.Next(0, 2_000)), 1);
        }

        var writer = new EventWriter();
        var count = random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            var key = Key(ownedBy: random.Next(10) == 0 ? random.Next(partitions) : partition);
            writer.Append(random.Next(30) == 0 ? new byte[1025] : key, Junk(random.Next(30) == 0 ? 64 * 1024 + 1 : random.Next(0, 64)));
        }

        var events = writer.ToArray();
        switch (random.Next(10))
        {
            case 0:
                events[random.Next(events.Length)] ^= (byte)random.Next(1, 256);
                break;
            case 1:
                events = events[..random.Next(events.Length)];
                break;
            case 2:
                // A key length of about 2^62: a varint the reader must refuse, not allocate.
                events = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, .. events];
                break;
        }

        return (events, count);
    }

    /// <summary>A key of the given partition (a key of another one must be refused: a partition holds its own keys only).</summary>
    private byte[] Key(int ownedBy)
    {
        while (true)
        {
            var key = Encoding.UTF8.GetBytes($"fuzz-{random.Next(1_000_000)}");
            if (ownedBy < 0 || ownedBy >= partitions || _partitioner.Partition(key) == ownedBy)
            {
                return key;
            }
        }
    }

    private byte[] Junk(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private T Pick<T>(int percentFirst, T first, params T[] others) =>
        random.Next(100) < percentFirst ? first : others[random.Next(others.Length)];
}
