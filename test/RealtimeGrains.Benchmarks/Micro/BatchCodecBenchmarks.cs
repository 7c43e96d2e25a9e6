using System.ComponentModel;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Benchmarks.Micro;

/// <summary>A sealed batch's CRC (what the producer computes) and the full receive check, against copying its bytes.</summary>
[MemoryDiagnoser]
[Description("copying the batch's packed events (what any transport does at least once), same batch")]
public class BatchCodecBenchmarks
{
    private StreamBatch _batch = null!;
    private byte[] _copy = [];

    /// <summary>Events in the batch: one, a small batch, the producer's default maximum.</summary>
    [Params(1, 64, 512)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var writer = new EventWriter();
        var payload = new byte[64];
        for (var i = 0; i < Events; i++)
        {
            writer.Append(Encoding.UTF8.GetBytes("key-" + i.ToString(CultureInfo.InvariantCulture)), payload);
        }

        var batch = new StreamBatch { Stream = "bench", ProducerId = Guid.NewGuid(), Sequence = 1, Partition = 0, Count = writer.Count, Events = writer.ToArray() };
        _batch = batch with { Crc = BatchCodec.ComputeCrc(batch) };
        _copy = new byte[_batch.Events.Length];
    }

    [Benchmark(Baseline = true)]
    public int PlainCopy()
    {
        _batch.Events.CopyTo(_copy, 0);
        return _copy.Length;
    }

    [Benchmark]
    public uint ComputeCrc() => BatchCodec.ComputeCrc(_batch);

    [Benchmark]
    public BatchCheck CheckOnReceive() => BatchCodec.Check(_batch, "bench", 0, 1024, 65_536);
}
