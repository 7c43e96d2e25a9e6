using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace RealtimeGrains.Streaming.State;

/// <summary>
/// Binary form of stored state, every piece checksummed (CRC-32) so that a corrupt or truncated record is
/// reported instead of loaded. A key's <em>body</em>: flags, count, last-changed time, then the number and the
/// bytes when present. A delta value: CRC of key and body, then the body (a tombstone's body is its flags).
/// A segment: magic and format, bucket, the stream's bucket count, key count, (key, body) pairs, then the CRC of all that.
/// </summary>
internal static class StateCodec
{
    private const byte HasNumber = 1;
    private const byte HasBytes = 2;
    private const byte Tombstone = 4;
    private const uint SegmentMagic = 0x31534752; // "RGS1"
    private const int HeaderBytes = 16;

    /// <summary>Appends a delta value for <paramref name="key"/>: its current state, or a tombstone when <paramref name="entry"/> is null.</summary>
    public static void WriteDeltaValue(ArrayBufferWriter<byte> into, ReadOnlySpan<byte> key, in KeyEntry entry, bool tombstone)
    {
        var start = into.WrittenCount;
        into.GetSpan(4);
        into.Advance(4);
        var bodyStart = into.WrittenCount;
        if (tombstone)
        {
            into.GetSpan(1)[0] = Tombstone;
            into.Advance(1);
        }
        else
        {
            WriteBody(into, entry);
        }

        var crc = new Crc32();
        crc.Append(key);
        crc.Append(into.WrittenSpan[bodyStart..]);
        // ArrayBufferWriter hands out its own array: write the CRC back into the reserved 4 bytes.
        BinaryPrimitives.WriteUInt32LittleEndian(System.Runtime.InteropServices.MemoryMarshal.AsMemory(into.WrittenMemory).Span[start..], crc.GetCurrentHashAsUInt32());
    }

    /// <summary>Reads a delta value; false for a tombstone. Throws <see cref="FormatException"/> when the checksum or shape is wrong.</summary>
    public static bool TryReadDeltaValue(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, out KeyEntry entry)
    {
        if (value.Length < 5)
        {
            throw new FormatException($"delta value of {value.Length} bytes is truncated");
        }

        var crc = new Crc32();
        crc.Append(key);
        crc.Append(value[4..]);
        if (crc.GetCurrentHashAsUInt32() != BinaryPrimitives.ReadUInt32LittleEndian(value))
        {
            throw new FormatException("delta value checksum mismatch");
        }

        var body = value[4..];
        if ((body[0] & Tombstone) != 0)
        {
            entry = default;
            return false;
        }

        entry = ReadBody(ref body);
        return true;
    }

    /// <summary>A segment holding <paramref name="keys"/> of <paramref name="bucket"/>.</summary>
    public static byte[] WriteSegment(int bucket, int buckets, Dictionary<byte[], KeyEntry> keys)
    {
        var into = new ArrayBufferWriter<byte>(20 + keys.Count * 24);
        var header = into.GetSpan(HeaderBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(header, SegmentMagic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], bucket);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], buckets);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], keys.Count);
        into.Advance(HeaderBytes);
        foreach (var (key, entry) in keys)
        {
            Varint.Write(into, (uint)key.Length);
            into.Write(key);
            WriteBody(into, entry);
        }

        var crc = Crc32.HashToUInt32(into.WrittenSpan);
        BinaryPrimitives.WriteUInt32LittleEndian(into.GetSpan(4), crc);
        into.Advance(4);
        return into.WrittenSpan.ToArray();
    }

    /// <summary>Reads a segment of <paramref name="bucket"/> into <paramref name="keys"/>. Throws <see cref="FormatException"/> when it is corrupt.</summary>
    public static void ReadSegment(int bucket, int buckets, ReadOnlySpan<byte> segment, Dictionary<byte[], KeyEntry> keys)
    {
        if (segment.Length < HeaderBytes + 4)
        {
            throw new FormatException($"segment of {segment.Length} bytes is truncated");
        }

        if (Crc32.HashToUInt32(segment[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(segment[^4..]))
        {
            throw new FormatException("segment checksum mismatch");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(segment) != SegmentMagic || BinaryPrimitives.ReadInt32LittleEndian(segment[4..]) != bucket)
        {
            throw new FormatException("not a segment of this bucket (format or bucket number differs)");
        }

        if (BinaryPrimitives.ReadInt32LittleEndian(segment[8..]) is var written && written != buckets)
        {
            throw new FormatException($"written when the stream had {written} buckets, it now has {buckets}: a stream's Buckets cannot change (keys would move between buckets); set it back to {written}");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(segment[12..]);
        var rest = segment[HeaderBytes..^4];
        keys.EnsureCapacity(keys.Count + count);
        for (var i = 0; i < count; i++)
        {
            var length = (int)Varint.Read(ref rest);
            if (length < 0 || length > rest.Length)
            {
                throw new FormatException("segment key overruns the segment");
            }

            var key = rest[..length].ToArray();
            rest = rest[length..];
            keys[key] = ReadBody(ref rest);
        }

        if (!rest.IsEmpty)
        {
            throw new FormatException($"segment has {rest.Length} bytes after its {count} keys");
        }
    }

    private static void WriteBody(ArrayBufferWriter<byte> into, in KeyEntry entry)
    {
        var state = entry;
        var flags = (byte)((state.Number != 0 ? HasNumber : 0) | (state.Bytes is not null ? HasBytes : 0));
        into.GetSpan(1)[0] = flags;
        into.Advance(1);
        Varint.Write(into, (ulong)state.Count);
        Varint.Write(into, entry.Touched);
        if ((flags & HasNumber) != 0)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(into.GetSpan(8), state.Number);
            into.Advance(8);
        }

        if (state.Bytes is { } bytes)
        {
            Varint.Write(into, (uint)bytes.Length);
            into.Write(bytes);
        }
    }

    private static KeyEntry ReadBody(ref ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new FormatException("key state is empty");
        }

        var flags = body[0];
        body = body[1..];
        var state = new KeyState { Count = (long)Varint.Read(ref body) };
        var touched = (uint)Varint.Read(ref body);
        if ((flags & HasNumber) != 0)
        {
            if (body.Length < 8)
            {
                throw new FormatException("key state number is truncated");
            }

            state.Number = BinaryPrimitives.ReadDoubleLittleEndian(body);
            body = body[8..];
        }

        if ((flags & HasBytes) != 0)
        {
            var length = (int)Varint.Read(ref body);
            if (length < 0 || length > body.Length)
            {
                throw new FormatException("key state bytes overrun the record");
            }

            state.Bytes = body[..length].ToArray();
            body = body[length..];
        }

        return new KeyEntry(state, touched);
    }

    /// <summary>A partition field value: CRC then payload.</summary>
    public static byte[] Sealed(ReadOnlySpan<byte> payload)
    {
        var value = new byte[payload.Length + 4];
        payload.CopyTo(value.AsSpan(4));
        BinaryPrimitives.WriteUInt32LittleEndian(value, Crc32.HashToUInt32(payload));
        return value;
    }

    /// <summary>The payload of a partition field value; throws <see cref="FormatException"/> when its checksum is wrong.</summary>
    public static ReadOnlySpan<byte> Unseal(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length < 4 || Crc32.HashToUInt32(value.AsSpan(4)) != BinaryPrimitives.ReadUInt32LittleEndian(value))
        {
            throw new FormatException("field checksum mismatch");
        }

        return value.AsSpan(4);
    }
}
