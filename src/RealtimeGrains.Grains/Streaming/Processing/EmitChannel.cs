using System.Buffers;
using System.IO.Hashing;
using System.Text;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>
/// Outputs of one partition for one partition of another stream, as a producer: events gather in an open batch;
/// a checkpoint seals it with the next sequence and writes every unacknowledged batch (field
/// <c>e:{stream}/{partition}</c>); only then is it sent, and it is sent again until the target acknowledges it.
/// The target deduplicates by (producer, sequence), so a batch sent twice, or again after a crash, applies once.
/// </summary>
internal sealed class EmitChannel(DeclaredStream target, int partition, Guid producerId)
{
    public const string FieldPrefix = "e:";

    private readonly EventWriter _open = new(1024);

    public DeclaredStream Target { get; } = target;

    public int Partition { get; } = partition;

    public Guid ProducerId { get; } = producerId;

    public string Field => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{FieldPrefix}{Target.Definition.Name}/{Partition}");

    /// <summary>Sealed, not yet acknowledged, in sequence order.</summary>
    public List<StreamBatch> Unacked { get; } = [];

    /// <summary>Highest sequence sealed.</summary>
    public long Sealed { get; private set; }

    /// <summary>Highest sequence acknowledged by the target.</summary>
    public long Acked { get; private set; }

    /// <summary>Highest sequence written by a checkpoint (may be sent).</summary>
    public long Persisted { get; set; }

    public bool InFlight { get; set; }

    public long RetryAtMs { get; set; }

    public int Failures { get; set; }

    /// <summary>Changed since the last checkpoint.</summary>
    public bool Dirty { get; set; }

    /// <summary>The producer id of <paramref name="stream"/> partition <paramref name="partition"/> when it emits to <paramref name="target"/>.</summary>
    public static Guid ProducerIdOf(string stream, int partition, string target)
    {
        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(Encoding.UTF8.GetBytes($"rtg-emit\n{stream}\n{partition}\n{target}"), hash);
        return new Guid(hash);
    }

    public void Add(byte[] key, byte[] payload, EventMeta meta)
    {
        var fits = _open.Count == 0 || _open.Length + EventWriter.PackedSize(key.Length, payload.Length, meta) <= 256 * 1024;
        if (!fits)
        {
            Seal();
        }

        _open.Append(key, payload, meta);
    }

    /// <summary>Seals the open batch, if any.</summary>
    public void Seal()
    {
        if (_open.Count == 0)
        {
            return;
        }

        Unacked.Add(NewBatch(++Sealed, _open.Count, _open.ToArray()));
        _open.Reset();
        Dirty = true;
    }

    /// <summary>The target acknowledged every batch up to <paramref name="sequence"/>.</summary>
    public void Acknowledged(long sequence)
    {
        Unacked.RemoveAll(b => b.Sequence <= sequence);
        Acked = Math.Max(Acked, sequence);
        Failures = 0;
        Dirty = true;
    }

    public byte[] Encode()
    {
        var into = new ArrayBufferWriter<byte>();
        Varint.Write(into, (ulong)Acked);
        Varint.Write(into, (ulong)Sealed);
        Varint.Write(into, (uint)Unacked.Count);
        foreach (var batch in Unacked)
        {
            Varint.Write(into, (ulong)batch.Sequence);
            Varint.Write(into, (uint)batch.Count);
            Varint.Write(into, (uint)batch.Events.Length);
            into.Write(batch.Events);
        }

        return StateCodec.Sealed(into.WrittenSpan);
    }

    public void Decode(byte[] field)
    {
        var data = StateCodec.Unseal(field);
        Acked = (long)Varint.Read(ref data);
        Sealed = (long)Varint.Read(ref data);
        var count = (int)Varint.Read(ref data);
        for (var i = 0; i < count; i++)
        {
            var sequence = (long)Varint.Read(ref data);
            var events = (int)Varint.Read(ref data);
            var length = (int)Varint.Read(ref data);
            if (length < 0 || length > data.Length)
            {
                throw new FormatException($"emit batch {sequence} for {Field} overruns its field");
            }

            Unacked.Add(NewBatch(sequence, events, data[..length].ToArray()));
            data = data[length..];
        }

        Persisted = Sealed;
    }

    private StreamBatch NewBatch(long sequence, int count, byte[] events)
    {
        var batch = new StreamBatch
        {
            Stream = Target.Definition.Name,
            ProducerId = ProducerId,
            Sequence = sequence,
            Partition = Partition,
            Count = count,
            Events = events,
            AcknowledgedUpTo = Acked,
        };
        return batch with { Crc = BatchCodec.ComputeCrc(batch) };
    }
}
