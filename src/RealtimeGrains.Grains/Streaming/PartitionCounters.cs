using System.Buffers;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Streaming;

/// <summary>Running counters of a partition, written with every checkpoint (field <c>c</c> of its stored record).</summary>
internal sealed class PartitionCounters
{
    /// <summary>Name of the counters' field in the partition's stored record.</summary>
    public const string Field = "c";

    public long EventsApplied { get; set; }

    public long Batches { get; set; }

    public long CrcFailures { get; set; }

    public long Malformed { get; set; }

    public long DuplicatesDropped { get; set; }

    public long Checkpoints { get; set; }

    public long EventsRejected { get; set; }

    public long KeysExpired { get; set; }

    /// <summary>Bytes written by checkpoints (keys, values, segments, fields).</summary>
    public long CheckpointBytes { get; set; }

    /// <summary>Segments rewritten by compaction.</summary>
    public long SegmentsCompacted { get; set; }

    /// <summary>Events a processor counted as late (behind the watermark).</summary>
    public long EventsLate { get; set; }

    /// <summary>Timers fired.</summary>
    public long TimersFired { get; set; }

    private long[] All => [EventsApplied, Batches, CrcFailures, Malformed, DuplicatesDropped, Checkpoints, EventsRejected, KeysExpired, CheckpointBytes, SegmentsCompacted, EventsLate, TimersFired];

    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        foreach (var value in All)
        {
            Varint.Write(buffer, (ulong)value);
        }

        return StateCodec.Sealed(buffer.WrittenSpan);
    }

    /// <summary>Counters from their stored field (fields added by later versions are ignored, missing ones are 0).</summary>
    public static PartitionCounters Decode(byte[] value)
    {
        var data = StateCodec.Unseal(value);
        var values = new long[12];
        for (var i = 0; i < values.Length && !data.IsEmpty; i++)
        {
            values[i] = (long)Varint.Read(ref data);
        }

        return new PartitionCounters
        {
            EventsApplied = values[0],
            Batches = values[1],
            CrcFailures = values[2],
            Malformed = values[3],
            DuplicatesDropped = values[4],
            Checkpoints = values[5],
            EventsRejected = values[6],
            KeysExpired = values[7],
            CheckpointBytes = values[8],
            SegmentsCompacted = values[9],
            EventsLate = values[10],
            TimersFired = values[11],
        };
    }
}
