using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Benchmarks.Outputs;

/// <summary>Emits every payload, unchanged, to its stream's output stream (the latency probe's one hop).</summary>
internal sealed class BenchEchoProcessor : KeyedProcessor<long, byte[]>
{
    public const string Name = "bench-echo";

    public override IStateCodec<long> StateCodec => Int64StateCodec.Instance;

    /// <summary>Publish → applied here, in ms (the payload is the publish timestamp; silo and client share the process).</summary>
    public static StageLags Applied { get; } = new();

    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<long, byte[]> context)
    {
        Applied.Record(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(payload));
        context.State++;
        context.Emit(payload.ToArray());
    }
}

/// <summary>Applies events of the output stream (keeping nothing but the retained outputs) and records publish → applied there.</summary>
internal sealed class BenchProbeProcessor : KeyedProcessor<byte, byte[]>
{
    public const string Name = "bench-probe";

    public static StageLags Applied { get; } = new();

    public override IStateCodec<byte> StateCodec => ByteCodec.Instance;

    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<byte, byte[]> context) =>
        Applied.Record(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(payload));

    private sealed class ByteCodec : IStateCodec<byte>
    {
        public static readonly ByteCodec Instance = new();

        public void Write(System.Buffers.IBufferWriter<byte> into, in byte state)
        {
        }

        public byte Read(ReadOnlySpan<byte> data) => 0;
    }
}

/// <summary>Lags of one stage since the last <see cref="Take"/>.</summary>
internal sealed class StageLags
{
    private System.Collections.Concurrent.ConcurrentQueue<double> _lags = new();

    public void Record(long publishedAt) => _lags.Enqueue(System.Diagnostics.Stopwatch.GetElapsedTime(publishedAt).TotalMilliseconds);

    public double[] Take()
    {
        var lags = Interlocked.Exchange(ref _lags, new()).ToArray();
        Array.Sort(lags);
        return lags;
    }
}
