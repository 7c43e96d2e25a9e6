using System.Buffers;
using System.Buffers.Binary;
using Orleans.Serialization;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>Processor state in Orleans' binary serialization (the default for any state type).</summary>
internal sealed class OrleansStateCodec<TState>(Serializer serializer) : IStateCodec<TState>
{
    public void Write(IBufferWriter<byte> into, in TState state) => serializer.Serialize(state, into);

    public TState Read(ReadOnlySpan<byte> data)
    {
        try
        {
            return serializer.Deserialize<TState>(data)!;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new FormatException($"state does not decode as {typeof(TState).Name}: {ex.Message}", ex);
        }
    }
}

/// <summary>A 64-bit integer state as a zigzag varint.</summary>
internal sealed class Int64StateCodec : IStateCodec<long>
{
    public static readonly Int64StateCodec Instance = new();

    public void Write(IBufferWriter<byte> into, in long state) => State.Varint.Write(into, (ulong)((state << 1) ^ (state >> 63)));

    public long Read(ReadOnlySpan<byte> data)
    {
        var zigzag = State.Varint.Read(ref data);
        return (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
    }
}

/// <summary>A double state in 8 bytes.</summary>
internal sealed class DoubleStateCodec : IStateCodec<double>
{
    public static readonly DoubleStateCodec Instance = new();

    public void Write(IBufferWriter<byte> into, in double state)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(into.GetSpan(8), state);
        into.Advance(8);
    }

    public double Read(ReadOnlySpan<byte> data) =>
        data.Length == 8 ? BinaryPrimitives.ReadDoubleLittleEndian(data) : throw new FormatException($"a number state is 8 bytes, not {data.Length}");
}

/// <summary>A byte-array state as its bytes.</summary>
internal sealed class BytesStateCodec : IStateCodec<byte[]?>
{
    public static readonly BytesStateCodec Instance = new();

    public void Write(IBufferWriter<byte> into, in byte[]? state) => into.Write(state ?? []);

    public byte[]? Read(ReadOnlySpan<byte> data) => data.ToArray();
}
