using System.Buffers;

namespace RealtimeGrains.Streaming;

/// <summary>Packs events for one batch: varint key length, key, varint payload length, payload.</summary>
public sealed class EventWriter(int initialCapacity = 4096)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(initialCapacity);

    /// <summary>Events written.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes written.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>Bytes one event will take once packed.</summary>
    public static int PackedSize(int keyBytes, int payloadBytes) =>
        VarintSize(keyBytes) + keyBytes + VarintSize(payloadBytes) + payloadBytes;

    /// <summary>Appends one event.</summary>
    public void Append(ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload)
    {
        WriteLength(key.Length);
        _buffer.Write(key);
        WriteLength(payload.Length);
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

    private static int VarintSize(int value)
    {
        var size = 1;
        while ((value >>= 7) != 0)
        {
            size++;
        }

        return size;
    }

    private void WriteLength(int value)
    {
        var span = _buffer.GetSpan(5);
        var i = 0;
        var v = (uint)value;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }

        span[i++] = (byte)v;
        _buffer.Advance(i);
    }
}
