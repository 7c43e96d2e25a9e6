using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Streaming.Processors;

/// <summary><c>last</c>: the last payload applied per key (queries render UTF-8 text as a string).</summary>
internal sealed class LastProcessor : KeyedProcessor<byte[]?, byte[]>
{
    public override IStateCodec<byte[]?> StateCodec => BytesStateCodec.Instance;

    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<byte[]?, byte[]> context) => context.State = payload.ToArray();
}
