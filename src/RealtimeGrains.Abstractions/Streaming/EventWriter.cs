using System.Buffers;

namespace RealtimeGrains.Streaming;

/// <summary>
/// Packs events for one batch. Each event: varint (key length &lt;&lt; 2 | flags), key, the event time as a varint
/// of Unix milliseconds when flag 1 is set, varint payload length, payload. Flag 2 marks a typed payload
/// (see <see cref="EventMeta"/>).
/// </summary>
public sealed class EventWriter(int initialCapacity = 4096)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(initialCapacity);

    /// <summary>Events written.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes written.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>Bytes one event will take once packed.</summary>
    public static int PackedSize(int keyBytes, int payloadBytes, EventMeta meta = default) =>
        VarintSize((ulong)keyBytes << EventMeta.FlagBits) + keyBytes + (meta.EventTimeMs is { } ms ? VarintSize((ulong)ms) : 0) + VarintSize((ulong)payloadBytes) + payloadBytes;

    /// <summary>Appends one event.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The event time is before 1970.</exception>
    public void Append(ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload, EventMeta meta = default)
    {
        if (meta.EventTimeMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(meta), meta.EventTimeMs, "an event time is Unix milliseconds, at or after 1970-01-01");
        }

        WriteVarint(((ulong)key.Length << EventMeta.FlagBits) | (uint)meta.Flags);
        _buffer.Write(key);
        if (meta.EventTimeMs is { } time)
        {
            WriteVarint((ulong)time);
        }

        WriteVarint((ulong)payload.Length);
        _buffer.Write(payload);
        Count++;
    }

    /// <summary>The packed events.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    /// <summary>Empties the writer for the next batch.</summary>
    public void Reset()
    {
        _buffer.ResetWrittenCount();
        Count = 0;
    }

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while ((value >>= 7) != 0)
        {
            size++;
        }

        return size;
    }

    private void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        var v = value;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }

        span[i++] = (byte)v;
        _buffer.Advance(i);
    }
}
