using System.ComponentModel;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using RealtimeGrains.Streaming.Processing;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Benchmarks.Micro;

/// <summary>Encoding a bucket's segment (every key's body, framed and checksummed) for a checkpoint that rewrites it.</summary>
[MemoryDiagnoser]
[Description("copying the same keys and 8-byte states into one array, no framing or CRC")]
public class CheckpointEncodeBenchmarks
{
    private readonly BucketTable<long> _table = new();
    private byte[] _raw = [];

    /// <summary>Keys in the bucket.</summary>
    [Params(100, 10_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table.Keys.Clear();
        for (var i = 0; i < Keys; i++)
        {
            _table.Keys[Encoding.UTF8.GetBytes("key-" + i.ToString(CultureInfo.InvariantCulture))] = new KeyEntry<long> { State = i, Touched = 1 };
        }

        _raw = new byte[_table.Keys.Keys.Sum(k => k.Length + 8)];
    }

    [Benchmark(Baseline = true)]
    public int PlainCopy()
    {
        var at = 0;
        foreach (var (key, entry) in _table.Keys)
        {
            key.CopyTo(_raw, at);
            BitConverter.TryWriteBytes(_raw.AsSpan(at + key.Length), entry.State);
            at += key.Length + 8;
        }

        return at;
    }

    [Benchmark]
    public int WriteSegment() => StateCodec.WriteSegment(0, 4096, Int64StateCodec.Instance, _table).Length;
}
