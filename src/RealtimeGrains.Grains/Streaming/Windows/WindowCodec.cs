using System.Buffers;
using System.Buffers.Binary;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Streaming.Windows;

/// <summary>
/// The primitives the window formats share: LEB128 varints (<see cref="Varint"/>), zigzag varints for signed
/// numbers and little-endian doubles. Reads throw <see cref="FormatException"/> naming the field that is wrong.
/// </summary>
internal static class WindowCodec
{
    public static void WriteByte(IBufferWriter<byte> into, byte value)
    {
        into.GetSpan(1)[0] = value;
        into.Advance(1);
    }

    public static void WriteCount(IBufferWriter<byte> into, long value) => Varint.Write(into, (ulong)value);

    public static void WriteSigned(IBufferWriter<byte> into, long value) =>
        Varint.Write(into, (ulong)((value << 1) ^ (value >> 63)));

    public static void WriteDouble(IBufferWriter<byte> into, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(into.GetSpan(8), value);
        into.Advance(8);
    }

    public static byte ReadByte(ref ReadOnlySpan<byte> data, string field)
    {
        if (data.IsEmpty)
        {
            throw new FormatException($"{field} is missing (input ends early)");
        }

        var value = data[0];
        data = data[1..];
        return value;
    }

    /// <summary>An unsigned varint that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static long ReadCount(ref ReadOnlySpan<byte> data, string field, long min, long max)
    {
        var value = ReadVarint(ref data, field);
        if (value < (ulong)min || value > (ulong)max)
        {
            throw new FormatException($"{field} {value} is out of range {min}-{max}");
        }

        return (long)value;
    }

    public static long ReadSigned(ref ReadOnlySpan<byte> data, string field)
    {
        var zigzag = ReadVarint(ref data, field);
        return (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
    }

    /// <summary>A double that must be finite.</summary>
    public static double ReadFinite(ref ReadOnlySpan<byte> data, string field)
    {
        if (data.Length < 8)
        {
            throw new FormatException($"{field} is missing (input ends early)");
        }

        var value = BinaryPrimitives.ReadDoubleLittleEndian(data);
        data = data[8..];
        return double.IsFinite(value) ? value : throw new FormatException($"{field} is {value}, not a finite number");
    }

    private static ulong ReadVarint(ref ReadOnlySpan<byte> data, string field)
    {
        try
        {
            return Varint.Read(ref data);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{field}: {ex.Message}", ex);
        }
    }
}
