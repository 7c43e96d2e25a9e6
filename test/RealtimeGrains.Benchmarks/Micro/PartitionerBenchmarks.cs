using System.ComponentModel;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using BenchmarkDotNet.Attributes;
using RealtimeGrains.Partitioning;

namespace RealtimeGrains.Benchmarks.Micro;

/// <summary>Key → bucket → partition, against the bare hash as baseline.</summary>
[MemoryDiagnoser]
[Description("the bare XxHash3 of the same 10,000 keys")]
public class PartitionerBenchmarks
{
    private readonly Partitioner _partitioner = new(4096, 16);
    private byte[][] _keys = [];

    [GlobalSetup]
    public void Setup() => _keys = [.. Enumerable.Range(0, 10_000).Select(i => Encoding.UTF8.GetBytes("key-" + i.ToString(CultureInfo.InvariantCulture)))];

    [Benchmark(Baseline = true)]
    public ulong XxHash3Only()
    {
        ulong sum = 0;
        foreach (var key in _keys)
        {
            sum += XxHash3.HashToUInt64(key);
        }

        return sum;
    }

    [Benchmark]
    public long KeyToPartition()
    {
        long sum = 0;
        foreach (var key in _keys)
        {
            sum += _partitioner.Partition(key);
        }

        return sum;
    }
}
