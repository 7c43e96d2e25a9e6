using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace RealtimeGrains.Streaming;

/// <summary>Outcome of checking a received batch before anything of it is applied.</summary>
public enum BatchCheck
{
    Ok = 0,
    CrcMismatch = 1,
    WrongTarget = 2,
    Malformed = 3,
}

/// <summary>
/// The wire format of <see cref="StreamBatch"/>: packing events, the CRC-32 over every field that
/// travels, and the checks a partition grain runs before it touches state. Pure code.
/// </summary>
public static class BatchCodec
{
    /// <summary>CRC-32 (IEEE) over stream, producer, sequence, acknowledged-up-to, partition, count, reply-to id and events.</summary>
    public static uint ComputeCrc(StreamBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return ComputeCrc(batch.Stream, batch.ProducerId, batch.Sequence, batch.AcknowledgedUpTo, batch.Partition, batch.Count, batch.Events, ReplyToId(batch.ReplyTo));
    }

    /// <summary>CRC-32 over the given field values.</summary>
    public static uint ComputeCrc(string stream, Guid producerId, long sequence, long acknowledgedUpTo, int partition, int count, ReadOnlySpan<byte> events, string replyTo)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(replyTo);
        Span<byte> header = stackalloc byte[48];
        producerId.TryWriteBytes(header);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], sequence);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], partition);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], count);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], stream.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[36..], replyTo.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header[40..], acknowledgedUpTo);
        var crc = new Crc32();
        crc.Append(header);
        crc.Append(Encoding.UTF8.GetBytes(stream));
        crc.Append(Encoding.UTF8.GetBytes(replyTo));
        crc.Append(events);
        return crc.GetCurrentHashAsUInt32();
    }

    /// <summary>The reply-to observer's identity as covered by the CRC ("" when there is none).</summary>
    public static string ReplyToId(IBatchAckObserver? replyTo) => replyTo is null ? "" : replyTo.GetGrainId().ToString();

    /// <summary>
    /// Checks a received batch: target, CRC, and that exactly <see cref="StreamBatch.Count"/> well-formed
    /// events fill <see cref="StreamBatch.Events"/>. Nothing may be applied unless this returns <see cref="BatchCheck.Ok"/>.
    /// </summary>
    public static BatchCheck Check(StreamBatch batch, string stream, int partition, int maxKeyBytes, int maxPayloadBytes) =>
        Check(batch, stream, partition, maxKeyBytes, maxPayloadBytes, partitioner: null);

    /// <summary>
    /// <see cref="Check(StreamBatch, string, int, int, int)"/>, and that every key belongs to <paramref name="partition"/>
    /// under <paramref name="partitioner"/> (<see cref="BatchCheck.WrongTarget"/> otherwise): a partition holds state for
    /// its own keys only.
    /// </summary>
    public static BatchCheck Check(StreamBatch batch, string stream, int partition, int maxKeyBytes, int maxPayloadBytes, Partitioning.Partitioner? partitioner)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Events is null || batch.Stream is null)
        {
            return BatchCheck.Malformed;
        }

        if (ComputeCrc(batch) != batch.Crc)
        {
            return BatchCheck.CrcMismatch;
        }

        if (!string.Equals(batch.Stream, stream, StringComparison.Ordinal) || batch.Partition != partition)
        {
            return BatchCheck.WrongTarget;
        }

        if (batch.Count < 1 || batch.Sequence < 1)
        {
            return BatchCheck.Malformed;
        }

        var reader = new EventReader(batch.Events);
        var events = 0;
        while (reader.TryRead(out var key, out var payload))
        {
            if (key.IsEmpty || key.Length > maxKeyBytes || payload.Length > maxPayloadBytes)
            {
                return BatchCheck.Malformed;
            }

            if (partitioner is not null && partitioner.Partition(key) != partition)
            {
                return BatchCheck.WrongTarget;
            }

            events++;
        }

        return reader.Malformed || !reader.End || events != batch.Count ? BatchCheck.Malformed : BatchCheck.Ok;
    }
}
