using System.Buffers.Binary;
using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Benchmarks.Outputs;

/// <summary>Payload: a due time (Unix ms, 8 bytes little-endian). Sets a one-shot timer then; the state counts firings.</summary>
internal sealed class BenchTimerProcessor : KeyedProcessor<long, long>
{
    public const string Name = "bench-timer";

    public override IStateCodec<long> StateCodec => Int64StateCodec.Instance;

    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<long, long> context) =>
        context.SetTimer("t", DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(payload)));

    public override void OnTimer(ProcessorTimer timer, ref KeyContext<long, long> context) => context.State++;
}
