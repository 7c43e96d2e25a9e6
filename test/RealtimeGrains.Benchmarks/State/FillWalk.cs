using System.Globalization;
using RealtimeGrains.Partitioning;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// The keys condition B of <c>--compaction</c> updates: the existing fill keys <c>fill-0</c> … grouped by bucket (the
/// stream's own partitioner), walked bucket after bucket, every key of a bucket before the next. A bucket is compacted
/// once its delta holds half as many fields as it has keys, and the walk writes each key once since the bucket's
/// last compaction, so every bucket the walk is in is compacted after each half of its keys: one compaction per
/// (keys per bucket / 2) events, all through the run, whatever the size. Events go round robin to the partitions
/// (each walks its own buckets, starting staggered), so every partition compacts, not one at a time. The walk goes on
/// where it stopped at the next start.
/// </summary>
internal sealed class FillWalk
{
    private readonly int[] _keys;
    private readonly int[] _start;
    private readonly int[] _length;
    private readonly long[] _position;
    private long _events;

    private FillWalk(int[] keys, int[] start, int[] length, long[] position, double keysPerBucket)
    {
        _keys = keys;
        _start = start;
        _length = length;
        _position = position;
        FillKeysPerBucket = keysPerBucket;
    }

    /// <summary>Mean fill keys per bucket.</summary>
    public double FillKeysPerBucket { get; }

    /// <summary>Groups fill keys <c>0</c> … <paramref name="filled"/> - 1 by bucket (a counting sort: two passes of hashing).</summary>
    public static FillWalk Create(Partitioner partitioner, int filled)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        var firstOfBucket = new int[partitioner.Buckets + 1];
        for (var k = 0; k < filled; k++)
        {
            firstOfBucket[Bucket(partitioner, k) + 1]++;
        }

        for (var b = 0; b < partitioner.Buckets; b++)
        {
            firstOfBucket[b + 1] += firstOfBucket[b];
        }

        var keys = new int[filled];
        var next = firstOfBucket[..^1];
        for (var k = 0; k < filled; k++)
        {
            keys[next[Bucket(partitioner, k)]++] = k;
        }

        // A partition owns a contiguous range of buckets, hence of the sorted keys; its walk starts a fraction of a
        // bucket into it (partition p at p/P of a bucket's keys), so partitions reach their thresholds at different times.
        var partitions = partitioner.Partitions;
        var start = new int[partitions];
        var length = new int[partitions];
        var position = new long[partitions];
        var keysPerBucket = (double)filled / partitioner.Buckets;
        for (var p = 0; p < partitions; p++)
        {
            start[p] = firstOfBucket[partitioner.FirstBucket(p)];
            length[p] = firstOfBucket[partitioner.FirstBucket(p + 1)] - start[p];
            position[p] = (long)(keysPerBucket * p / partitions);
        }

        return new FillWalk(keys, start, length, position, keysPerBucket);
    }

    /// <summary>The next key: partitions in turn (those holding fill keys), each at its own place in its buckets.</summary>
    public string Next()
    {
        for (var tries = 0; tries < _start.Length; tries++)
        {
            var p = (int)(_events++ % _start.Length);
            if (_length[p] > 0)
            {
                var key = _keys[_start[p] + (int)(_position[p]++ % _length[p])];
                return KeyFill.Prefix + key.ToString(CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("no fill keys to walk");
    }

    private static int Bucket(Partitioner partitioner, int key)
    {
        Span<byte> utf8 = stackalloc byte[32];
        "fill-"u8.CopyTo(utf8);
        key.TryFormat(utf8[5..], out var written, default, CultureInfo.InvariantCulture);
        return partitioner.Bucket(utf8[..(5 + written)]);
    }
}
