using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Streaming.Processors;

/// <summary><c>count</c>: the number of events per key; payloads (raw or typed) are ignored.</summary>
internal sealed class CountProcessor : KeyedProcessor<long, long>
{
    public override IStateCodec<long> StateCodec => Int64StateCodec.Instance;

    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<long, long> context) => context.State++;
}
