using System.Text;
using RealtimeGrains.Partitioning;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.Processors;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Tests.Streaming;

public sealed class EventApplierTests
{
    private static readonly Partitioner OnePartition = new(buckets: 64, partitions: 1);

    [Fact]
    public void Apply_Count_CountsPerKeyIncludingUnicodeAndLongKeys()
    {
        var table = NewTable();
        var longKey = new string('k', 900);

        var (applied, rejected) = EventApplier.Apply(table, OnePartition, Pack(("a", "1"), ("ключ", "1"), ("a", "1"), (longKey, "1")), new CountProcessor(), now: 7);

        Assert.Equal((4, 0), (applied, rejected));
        Assert.Equal(2, Get(table, "a").Count);
        Assert.Equal(1, Get(table, "ключ").Count);
        Assert.Equal(1, Get(table, longKey).Count);
        Assert.Equal(7u, Get(table, "a").Touched);
        Assert.Equal(3, table.Count);
    }

    [Fact]
    public void Apply_SumWithBadNumber_RejectsOnlyThatEventAndCreatesNoKeyForIt()
    {
        var table = NewTable();

        var result = EventApplier.Apply(table, OnePartition, Pack(("x", "2.5"), ("x", "oops"), ("y", "NaN"), ("x", "1e1")), new SumProcessor(), now: 1);

        Assert.Equal((2, 2), result);
        Assert.Equal(12.5, Get(table, "x").Number);
        Assert.Equal(2, Get(table, "x").Count);
        Assert.False(table.TryGet(OnePartition.Bucket("y"), "y"u8, out _));
    }

    private static PartitionStateTable NewTable() =>
        new(new StateScope { Stream = "s", Partitions = 1, Partition = 0, SegmentPrefix = "s", FirstBucket = 0, EndBucket = 64 }, 64);

    private static KeyEntry Get(PartitionStateTable table, string key)
    {
        Assert.True(table.TryGet(OnePartition.Bucket(key), Encoding.UTF8.GetBytes(key), out var entry), $"key '{key}' is held");
        return entry;
    }

    private static byte[] Pack(params (string Key, string Payload)[] events)
    {
        var writer = new EventWriter();
        foreach (var (key, payload) in events)
        {
            writer.Append(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(payload));
        }

        return writer.ToArray();
    }
}
