using System.IO.Hashing;
using System.Text;

namespace RealtimeGrains.Partitioning;

/// <summary>
/// Maps a key to its bucket and partition. Pure and stable: the same key gives the same bucket in every
/// process, on every machine, in every release (XxHash3 with seed 0 over the key's UTF-8 bytes).
/// </summary>
public sealed class Partitioner
{
    private readonly string[] _boundaries;

    /// <summary>Creates a partitioner; throws <see cref="ArgumentException"/> on an invalid layout.</summary>
    public Partitioner(int buckets, int partitions, PartitioningKind kind = PartitioningKind.Hash, IReadOnlyList<string>? boundaries = null)
    {
        if (buckets < 1 || (buckets & (buckets - 1)) != 0 || buckets > 1 << 20)
        {
            throw new ArgumentException($"bucket count {buckets} is not valid; allowed: a power of two 1-1048576", nameof(buckets));
        }

        if (partitions < 1 || partitions > buckets)
        {
            throw new ArgumentException($"partition count {partitions} is not valid; allowed: 1-{buckets} (at most the bucket count)", nameof(partitions));
        }

        _boundaries = [.. boundaries ?? []];
        if (kind == PartitioningKind.Range)
        {
            if (_boundaries.Length != partitions - 1)
            {
                throw new ArgumentException($"range partitioning with {partitions} partitions needs {partitions - 1} boundaries, got {_boundaries.Length}", nameof(boundaries));
            }

            for (var i = 1; i < _boundaries.Length; i++)
            {
                if (string.CompareOrdinal(_boundaries[i - 1], _boundaries[i]) >= 0)
                {
                    throw new ArgumentException($"range boundaries must be strictly ascending (ordinal): '{_boundaries[i - 1]}' is not before '{_boundaries[i]}'", nameof(boundaries));
                }
            }
        }

        Buckets = buckets;
        Partitions = partitions;
        Kind = kind;
    }

    public int Buckets { get; }

    public int Partitions { get; }

    public PartitioningKind Kind { get; }

    /// <summary>The bucket of a key given as UTF-8 bytes: the stable 64-bit hash reduced to 0..B-1.</summary>
    public int Bucket(ReadOnlySpan<byte> keyUtf8) => (int)(XxHash3.HashToUInt64(keyUtf8) & (ulong)(Buckets - 1));

    /// <summary>The bucket of a key.</summary>
    public int Bucket(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var max = Encoding.UTF8.GetMaxByteCount(key.Length);
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : new byte[max];
        var length = Encoding.UTF8.GetBytes(key, buffer);
        return Bucket(buffer[..length]);
    }

    /// <summary>The partition owning a bucket: partition p owns [p·B/P, (p+1)·B/P).</summary>
    public int PartitionOfBucket(int bucket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bucket, Buckets);
        return (int)((((long)bucket + 1) * Partitions - 1) / Buckets);
    }

    /// <summary>The first bucket of a partition's range (inclusive); the range ends at <c>FirstBucket(p + 1)</c>.</summary>
    public int FirstBucket(int partition) => (int)((long)partition * Buckets / Partitions);

    /// <summary>The partition of a key under this stream's partitioning.</summary>
    public int Partition(string key) => Kind == PartitioningKind.Range ? RangePartition(key) : PartitionOfBucket(Bucket(key));

    /// <summary>The partition of a key given as UTF-8 bytes (hash partitioning) or as text (range).</summary>
    public int Partition(ReadOnlySpan<byte> keyUtf8) =>
        Kind == PartitioningKind.Range ? RangePartition(Encoding.UTF8.GetString(keyUtf8)) : PartitionOfBucket(Bucket(keyUtf8));

    private int RangePartition(string key)
    {
        // Number of boundaries <= key: keys below the first boundary go to partition 0.
        int lo = 0, hi = _boundaries.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(_boundaries[mid], key) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
