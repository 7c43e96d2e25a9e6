using System.Buffers;
using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Streaming.Processors;

/// <summary><c>none</c>: keeps no state; for streams that only carry outputs to subscribers (with <c>Retain</c>).</summary>
internal sealed class NoneProcessor : KeyedProcessor<byte, byte[]>
{
    public override IStateCodec<byte> StateCodec => EmptyCodec.Instance;

    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<byte, byte[]> context)
    {
    }

    private sealed class EmptyCodec : IStateCodec<byte>
    {
        public static readonly EmptyCodec Instance = new();

        public void Write(IBufferWriter<byte> into, in byte state)
        {
        }

        public byte Read(ReadOnlySpan<byte> data) => 0;
    }
}
