using System.Globalization;
using CsCheck;
using RealtimeGrains.Partitioning;

namespace RealtimeGrains.Tests.Partitioning;

public sealed class PartitionerTests
{
    private readonly Partitioner _default = new(4096, 16);

    [Theory]
    [InlineData("", 1218)]
    [InlineData("user-1", 1481)]
    [InlineData("user-2", 1236)]
    [InlineData("order/42", 2919)]
    [InlineData("ключ", 3806)]
    [InlineData("🙂", 1447)]
    public void Bucket_FixedKeys_NeverChange(string key, int expected)
    {
        Assert.Equal(expected, _default.Bucket(key));
    }

    [Fact]
    public void Bucket_StringAndUtf8Overloads_Agree()
    {
        Gen.String.Sample(key => Assert.Equal(_default.Bucket(key), _default.Bucket(System.Text.Encoding.UTF8.GetBytes(key))));
    }

    [Fact]
    public void PartitionOfBucket_EveryBucket_LandsInItsContiguousRange()
    {
        foreach (var (buckets, partitions) in new[] { (4096, 16), (4096, 3), (1024, 1000), (8, 8), (1, 1) })
        {
            var partitioner = new Partitioner(buckets, partitions);
            for (var p = 0; p < partitions; p++)
            {
                for (var b = partitioner.FirstBucket(p); b < partitioner.FirstBucket(p + 1); b++)
                {
                    Assert.Equal(p, partitioner.PartitionOfBucket(b));
                }
            }

            Assert.Equal(buckets, partitioner.FirstBucket(partitions));
        }
    }

    [Fact]
    public void Bucket_OneMillionKeys_PassesChiSquare()
    {
        const int keys = 1_000_000;
        var counts = new long[_default.Buckets];
        for (var i = 0; i < keys; i++)
        {
            counts[_default.Bucket("key-" + i.ToString(CultureInfo.InvariantCulture))]++;
        }

        var expected = keys / (double)_default.Buckets;
        var chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        // 4095 degrees of freedom: mean 4095, sd ~90.5; 4095 + 3.09 sd is the 0.999 quantile (≈ 4375).
        Assert.InRange(chi2, 3700, 4375);
    }

    [Fact]
    public void Partition_Range_UsesSortedBoundaries()
    {
        var partitioner = new Partitioner(4096, 3, PartitioningKind.Range, ["g", "p"]);

        Assert.Equal(0, partitioner.Partition("apple"));
        Assert.Equal(1, partitioner.Partition("g"));
        Assert.Equal(1, partitioner.Partition("kiwi"));
        Assert.Equal(2, partitioner.Partition("p"));
        Assert.Equal(2, partitioner.Partition("zebra"));
    }

    [Theory]
    [InlineData(4095, 16, "bucket count 4095 is not valid; allowed: a power of two 1-1048576 (Parameter 'buckets')")]
    [InlineData(16, 32, "partition count 32 is not valid; allowed: 1-16 (at most the bucket count) (Parameter 'partitions')")]
    [InlineData(16, 0, "partition count 0 is not valid; allowed: 1-16 (at most the bucket count) (Parameter 'partitions')")]
    public void Constructor_BadLayout_Throws(int buckets, int partitions, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Partitioner(buckets, partitions));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Constructor_RangeBoundariesNotAscending_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Partitioner(16, 3, PartitioningKind.Range, ["p", "g"]));
        Assert.StartsWith("range boundaries must be strictly ascending (ordinal): 'p' is not before 'g'", ex.Message, StringComparison.Ordinal);
    }
}
