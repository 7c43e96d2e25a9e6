using System.Buffers;

namespace RealtimeGrains.Streaming.Windows;

/// <summary>
/// The bucket counts of one sign of a <see cref="QuantileSketch"/>, dense over consecutive bucket indexes.
/// Memory is bounded: the buckets span at most <see cref="MaxSpan"/> indexes. A bucket above the span moves it up
/// and the buckets that fall below it are folded into its lowest bucket, so the smallest magnitudes lose their
/// accuracy first. Equivalently, every index is raised to at least (highest index seen - MaxSpan + 1): the counts
/// depend only on which indexes were added, never on the order, so merging is exact, associative and commutative.
/// </summary>
internal sealed class SketchBuckets
{
    /// <summary>At relative accuracy 1% this covers magnitudes across a ratio of about 6e17 without folding.</summary>
    public const int MaxSpan = 2048;

    private long[] _counts = [];
    private int _offset;

    public long Total { get; private set; }

    /// <summary>The lowest non-empty index; meaningful when <see cref="Total"/> is above 0.</summary>
    public int Lowest { get; private set; }

    /// <summary>The highest non-empty index; meaningful when <see cref="Total"/> is above 0.</summary>
    public int Highest { get; private set; }

    /// <summary>Counts from <see cref="Lowest"/> to <see cref="Highest"/> (empty when nothing was added).</summary>
    public ReadOnlySpan<long> Used => Total == 0 ? [] : _counts.AsSpan(Lowest - _offset, Highest - Lowest + 1);

    public void Add(int index, long count)
    {
        long folded = 0;
        if (Total == 0)
        {
            Lowest = Highest = index;
        }
        else
        {
            if (index > Highest)
            {
                var floor = index - MaxSpan + 1;
                if (Lowest < floor)
                {
                    var top = Math.Min(Highest, floor - 1);
                    for (var i = Lowest; i <= top; i++)
                    {
                        folded += _counts[i - _offset];
                        _counts[i - _offset] = 0;
                    }

                    Lowest = floor;
                }

                Highest = index;
            }

            index = Math.Max(index, Highest - MaxSpan + 1);
            Lowest = Math.Min(Lowest, index);
        }

        Cover(Lowest, Highest);
        _counts[Lowest - _offset] += folded;
        _counts[index - _offset] += count;
        Total += count;
    }

    public void MergeFrom(SketchBuckets other)
    {
        var counts = ReferenceEquals(other, this) ? other.Used.ToArray() : other.Used;
        var lowest = other.Lowest;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0)
            {
                Add(lowest + i, counts[i]);
            }
        }
    }

    /// <summary>Non-empty buckets: their number, then (index, count) ascending, the first index zigzag, later ones as the gap from the previous.</summary>
    public void Write(IBufferWriter<byte> into)
    {
        var counts = Used;
        var nonEmpty = 0;
        foreach (var count in counts)
        {
            nonEmpty += count != 0 ? 1 : 0;
        }

        WindowCodec.WriteCount(into, nonEmpty);
        var previous = (int?)null;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var index = Lowest + i;
            if (previous is { } p)
            {
                WindowCodec.WriteCount(into, index - p);
            }
            else
            {
                WindowCodec.WriteSigned(into, index);
            }

            WindowCodec.WriteCount(into, counts[i]);
            previous = index;
        }
    }

    /// <summary>Reads buckets written by <see cref="Write"/> into this empty store; indexes must lie in [<paramref name="minIndex"/>, <paramref name="maxIndex"/>].</summary>
    public void Read(ref ReadOnlySpan<byte> data, string field, int minIndex, int maxIndex)
    {
        var buckets = WindowCodec.ReadCount(ref data, $"{field} bucket count", 0, MaxSpan);
        long first = 0, index = 0;
        for (var k = 0; k < buckets; k++)
        {
            if (k == 0)
            {
                first = index = WindowCodec.ReadSigned(ref data, $"{field} first bucket index");
            }
            else
            {
                index += WindowCodec.ReadCount(ref data, $"{field} bucket index gap", 1, MaxSpan - 1);
            }

            if (index < minIndex || index > maxIndex)
            {
                throw new FormatException($"{field} bucket index {index} is out of range {minIndex}-{maxIndex}");
            }

            if (index - first >= MaxSpan)
            {
                throw new FormatException($"{field} buckets span more than {MaxSpan} indexes");
            }

            var count = WindowCodec.ReadCount(ref data, $"{field} bucket {index} count", 1, long.MaxValue - Total);
            Add((int)index, count);
        }
    }

    /// <summary>Makes the array cover [lo, hi] (at most <see cref="MaxSpan"/> wide), keeping the counts, with room to grow either way.</summary>
    private void Cover(int lo, int hi)
    {
        if (_counts.Length > 0 && lo >= _offset && hi < _offset + _counts.Length)
        {
            return;
        }

        var span = hi - lo + 1;
        var length = Math.Min(MaxSpan, Math.Max(Math.Max(32, span * 2), _counts.Length * 2));
        var offset = lo - ((length - span) / 2);
        var counts = new long[length];
        var from = Math.Max(_offset, offset);
        var to = Math.Min(_offset + _counts.Length, offset + length);
        if (from < to)
        {
            Array.Copy(_counts, from - _offset, counts, from - offset, to - from);
        }

        _counts = counts;
        _offset = offset;
    }
}
