using System.Buffers;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>Binary form of a processor's per-key state, when Orleans' serializer is not the best fit (small fixed states).</summary>
public interface IStateCodec<TState>
{
    void Write(IBufferWriter<byte> into, in TState state);

    /// <summary>Reads a state written by <see cref="Write"/>; throws <see cref="FormatException"/> when it is not one.</summary>
    TState Read(ReadOnlySpan<byte> data);
}
