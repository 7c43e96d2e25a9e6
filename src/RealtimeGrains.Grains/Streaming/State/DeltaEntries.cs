using System.Buffers;

namespace RealtimeGrains.Streaming.State;

/// <summary>
/// A list of (key, value) byte fields in one array: for each, a varint key length, the key, a varint value
/// length, the value. Built by <see cref="Writer"/>, read by <see cref="Reader"/> without copying.
/// </summary>
internal static class DeltaEntries
{
    /// <summary>Appends fields to a growing buffer.</summary>
    public sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public int Count { get; private set; }

        public int Length => _buffer.WrittenCount;

        public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            Varint.Write(_buffer, (uint)key.Length);
            _buffer.Write(key);
            Varint.Write(_buffer, (uint)value.Length);
            _buffer.Write(value);
            Count++;
        }

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

        public void Clear()
        {
            _buffer.ResetWrittenCount();
            Count = 0;
        }
    }

    /// <summary>Reads fields in order; throws <see cref="FormatException"/> on a truncated list.</summary>
    public ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public bool TryRead(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
        {
            if (_rest.IsEmpty)
            {
                key = value = default;
                return false;
            }

            key = Take();
            value = Take();
            return true;
        }

        private ReadOnlySpan<byte> Take()
        {
            var length = (int)Varint.Read(ref _rest);
            if (length < 0 || length > _rest.Length)
            {
                throw new FormatException($"field of {length} bytes with {_rest.Length} left");
            }

            var field = _rest[..length];
            _rest = _rest[length..];
            return field;
        }
    }

    /// <summary>The fields of <paramref name="data"/> as (key, value) memory slices (for stores that keep or send them).</summary>
    public static List<(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value)> Slices(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = new List<(ReadOnlyMemory<byte>, ReadOnlyMemory<byte>)>();
        var offset = 0;
        while (offset < data.Length)
        {
            var key = Slice(data, ref offset);
            var value = Slice(data, ref offset);
            result.Add((key, value));
        }

        return result;
    }

    private static ReadOnlyMemory<byte> Slice(byte[] data, ref int offset)
    {
        ReadOnlySpan<byte> rest = data.AsSpan(offset);
        var before = rest.Length;
        var length = (int)Varint.Read(ref rest);
        offset += before - rest.Length;
        if (length < 0 || length > data.Length - offset)
        {
            throw new FormatException($"field of {length} bytes with {data.Length - offset} left");
        }

        var slice = data.AsMemory(offset, length);
        offset += length;
        return slice;
    }
}

/// <summary>LEB128 unsigned varints.</summary>
internal static class Varint
{
    public static void Write(IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        writer.Advance(i);
    }

    public static ulong Read(ref ReadOnlySpan<byte> data)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (data.IsEmpty)
            {
                throw new FormatException("truncated varint");
            }

            var b = data[0];
            data = data[1..];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("varint longer than 10 bytes");
    }
}
