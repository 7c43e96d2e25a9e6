using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Benchmarks.Outputs;

/// <summary>Emits every payload, unchanged, to its stream's output stream (the latency probe's one hop).</summary>
internal sealed class BenchEchoProcessor : KeyedProcessor<long, byte[]>
{
    public const string Name = "bench-echo";

    public override IStateCodec<long> StateCodec => Int64StateCodec.Instance;

    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<long, byte[]> context)
    {
        context.State++;
        context.Emit(payload.ToArray());
    }
}
