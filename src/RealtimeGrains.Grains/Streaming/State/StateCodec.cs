using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Streaming.State;

/// <summary>
/// Binary form of stored state, every piece checksummed (CRC-32) so that a corrupt or truncated record is
/// reported instead of loaded. A key's <em>body</em>: flags, last-changed time, the processor state (length and
/// bytes, by the processor's codec), then the key's extras when it has any. An item's body (a retained output):
/// its flags, then its bytes. A delta value: CRC of key and body, then the body (a tombstone's body is its flags).
/// A segment: magic and format, bucket, the stream's bucket count, field count, (key, body) pairs, then the CRC of all that.
/// </summary>
internal static class StateCodec
{
    private const byte Tombstone = 4;
    private const byte Item = 8;
    private const byte HasExtras = 16;
    private const uint SegmentMagic = 0x32534752; // "RGS2"
    private const int HeaderBytes = 16;

    /// <summary>Item keys of retained outputs are the key, this byte (never in UTF-8), then a big-endian sequence.</summary>
    public const byte ItemMarker = 0xFF;

    /// <summary>Item keys of a key's log records are the key, this byte (never in UTF-8), then a big-endian sequence.</summary>
    public const byte LogMarker = 0xFE;

    public static bool IsItemKey(ReadOnlySpan<byte> key) => key.Length > 9 && key[^9] is ItemMarker or LogMarker;

    /// <summary>The item key of output <paramref name="sequence"/> of <paramref name="key"/>.</summary>
    public static byte[] ItemKey(ReadOnlySpan<byte> key, long sequence) => MarkedKey(key, ItemMarker, sequence);

    /// <summary>The item key of log record <paramref name="sequence"/> of <paramref name="key"/>.</summary>
    public static byte[] LogItemKey(ReadOnlySpan<byte> key, long sequence) => MarkedKey(key, LogMarker, sequence);

    private static byte[] MarkedKey(ReadOnlySpan<byte> key, byte marker, long sequence)
    {
        var item = new byte[key.Length + 9];
        key.CopyTo(item);
        item[key.Length] = marker;
        BinaryPrimitives.WriteInt64BigEndian(item.AsSpan(key.Length + 1), sequence);
        return item;
    }

    /// <summary>The owning key and sequence of an item key.</summary>
    public static (ReadOnlyMemory<byte> Key, long Sequence) SplitItemKey(byte[] item) =>
        (item.AsMemory(0, item.Length - 9), BinaryPrimitives.ReadInt64BigEndian(item.AsSpan(item.Length - 8)));

    /// <summary>Appends a delta value for <paramref name="key"/>: its current state, or a tombstone.</summary>
    public static void WriteDeltaValue<TState>(ArrayBufferWriter<byte> into, IStateCodec<TState> codec, ReadOnlySpan<byte> key, in KeyEntry<TState> entry, bool tombstone)
    {
        var start = BeginFrame(into);
        if (tombstone)
        {
            into.GetSpan(1)[0] = Tombstone;
            into.Advance(1);
        }
        else
        {
            WriteBody(into, codec, entry);
        }

        EndFrame(into, key, start);
    }

    /// <summary>Appends a delta value for an item (retained output).</summary>
    public static void WriteItemDeltaValue(ArrayBufferWriter<byte> into, ReadOnlySpan<byte> key, byte[] value)
    {
        var start = BeginFrame(into);
        WriteItemBody(into, value);
        EndFrame(into, key, start);
    }

    private static int BeginFrame(ArrayBufferWriter<byte> into)
    {
        var start = into.WrittenCount;
        into.GetSpan(4);
        into.Advance(4);
        return start;
    }

    private static void EndFrame(ArrayBufferWriter<byte> into, ReadOnlySpan<byte> key, int start)
    {
        var bodyStart = start + 4;
        var crc = new Crc32();
        crc.Append(key);
        crc.Append(into.WrittenSpan[bodyStart..]);
        // ArrayBufferWriter hands out its own array: write the CRC back into the reserved 4 bytes.
        BinaryPrimitives.WriteUInt32LittleEndian(System.Runtime.InteropServices.MemoryMarshal.AsMemory(into.WrittenMemory).Span[start..], crc.GetCurrentHashAsUInt32());
    }

    /// <summary>Checks a delta value's checksum and returns its body. Throws <see cref="FormatException"/> when it is wrong.</summary>
    public static ReadOnlySpan<byte> OpenDeltaValue(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
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

        return value[4..];
    }

    public static bool IsTombstone(ReadOnlySpan<byte> body) => (body[0] & Tombstone) != 0;

    /// <summary>A segment holding the keys and items of <paramref name="bucket"/>.</summary>
    public static byte[] WriteSegment<TState>(int bucket, int buckets, IStateCodec<TState> codec, BucketTable<TState> table)
    {
        var items = table.Items;
        var into = new ArrayBufferWriter<byte>(20 + table.Keys.Count * 24);
        var header = into.GetSpan(HeaderBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(header, SegmentMagic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], bucket);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], buckets);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], table.Keys.Count + (items?.Count ?? 0));
        into.Advance(HeaderBytes);
        var body = new ArrayBufferWriter<byte>(64);
        foreach (var (key, entry) in table.Keys)
        {
            body.ResetWrittenCount();
            WriteBody(body, codec, entry);
            WriteField(into, key, body.WrittenSpan);
        }

        if (items is not null)
        {
            foreach (var (key, value) in items)
            {
                body.ResetWrittenCount();
                WriteItemBody(body, value);
                WriteField(into, key, body.WrittenSpan);
            }
        }

        var crc = Crc32.HashToUInt32(into.WrittenSpan);
        BinaryPrimitives.WriteUInt32LittleEndian(into.GetSpan(4), crc);
        into.Advance(4);
        return into.WrittenSpan.ToArray();
    }

    /// <summary>Reads a segment of <paramref name="bucket"/> into <paramref name="table"/>. Throws <see cref="FormatException"/> when it is corrupt.</summary>
    public static void ReadSegment<TState>(int bucket, int buckets, IStateCodec<TState> codec, ReadOnlySpan<byte> segment, BucketTable<TState> table)
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
        table.Keys.EnsureCapacity(table.Keys.Count + count);
        for (var i = 0; i < count; i++)
        {
            var length = (int)Varint.Read(ref rest);
            if (length < 0 || length > rest.Length)
            {
                throw new FormatException("segment key overruns the segment");
            }

            var key = rest[..length].ToArray();
            rest = rest[length..];
            var bodyLength = (int)Varint.Read(ref rest);
            if (bodyLength < 1 || bodyLength > rest.Length)
            {
                throw new FormatException("segment value overruns the segment");
            }

            Apply(table, codec, key, rest[..bodyLength]);
            rest = rest[bodyLength..];
        }

        if (!rest.IsEmpty)
        {
            throw new FormatException($"segment has {rest.Length} bytes after its {count} fields");
        }
    }

    /// <summary>Applies one stored field (segment or delta body) to <paramref name="table"/>.</summary>
    public static void Apply<TState>(BucketTable<TState> table, IStateCodec<TState> codec, ReadOnlySpan<byte> key, ReadOnlySpan<byte> body, bool inDelta = false)
    {
        if (body.IsEmpty)
        {
            throw new FormatException("stored value is empty");
        }

        var flags = body[0];
        if ((flags & Tombstone) != 0)
        {
            if (IsItemKey(key))
            {
                table.Items?.GetAlternateLookup<ReadOnlySpan<byte>>().Remove(key);
            }
            else
            {
                table.Keys.GetAlternateLookup<ReadOnlySpan<byte>>().Remove(key);
            }

            return;
        }

        if ((flags & Item) != 0)
        {
            (table.Items ??= new(KeyBytesComparer.Instance)).GetAlternateLookup<ReadOnlySpan<byte>>()[key] = body[1..].ToArray();
            return;
        }

        var entry = ReadBody(codec, body);
        entry.InDelta = inDelta;
        table.Keys.GetAlternateLookup<ReadOnlySpan<byte>>()[key] = entry;
    }

    private static void WriteField(ArrayBufferWriter<byte> into, ReadOnlySpan<byte> key, ReadOnlySpan<byte> body)
    {
        Varint.Write(into, (uint)key.Length);
        into.Write(key);
        Varint.Write(into, (uint)body.Length);
        into.Write(body);
    }

    private static void WriteBody<TState>(ArrayBufferWriter<byte> into, IStateCodec<TState> codec, in KeyEntry<TState> entry)
    {
        var extras = entry.Extras is { IsEmpty: false } e ? e : null;
        into.GetSpan(1)[0] = extras is null ? (byte)0 : HasExtras;
        into.Advance(1);
        Varint.Write(into, entry.Touched);
        var stateLengthAt = into.WrittenCount;
        into.GetSpan(4);
        into.Advance(4);
        var stateStart = into.WrittenCount;
        codec.Write(into, entry.State);
        var span = System.Runtime.InteropServices.MemoryMarshal.AsMemory(into.WrittenMemory).Span;
        BinaryPrimitives.WriteInt32LittleEndian(span[stateLengthAt..], into.WrittenCount - stateStart);
        extras?.Write(into);
    }

    private static void WriteItemBody(ArrayBufferWriter<byte> into, byte[] value)
    {
        into.GetSpan(1)[0] = Item;
        into.Advance(1);
        into.Write(value);
    }

    private static KeyEntry<TState> ReadBody<TState>(IStateCodec<TState> codec, ReadOnlySpan<byte> body)
    {
        var flags = body[0];
        body = body[1..];
        var touched = (uint)Varint.Read(ref body);
        if (body.Length < 4)
        {
            throw new FormatException("key state is truncated");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(body);
        body = body[4..];
        if (length < 0 || length > body.Length)
        {
            throw new FormatException("key state overruns the record");
        }

        var entry = new KeyEntry<TState> { State = codec.Read(body[..length]), Touched = touched };
        body = body[length..];
        if ((flags & HasExtras) != 0)
        {
            entry.Extras = KeyExtras.Read(ref body);
        }

        if (!body.IsEmpty)
        {
            throw new FormatException($"key record has {body.Length} unexpected bytes at its end");
        }

        return entry;
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
