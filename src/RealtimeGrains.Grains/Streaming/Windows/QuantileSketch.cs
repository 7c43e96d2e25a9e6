using System.Buffers;

namespace RealtimeGrains.Streaming.Windows;

/// <summary>
/// A mergeable quantile sketch with relative error (DDSketch's logarithmic buckets): a value x &gt; 0 goes to
/// bucket i = ceil(log_γ x), which holds (γ^(i-1), γ^i], with γ = (1 + α) / (1 - α) and α = 1%; the bucket
/// answers with 2γ^i / (γ + 1), within α of anything it holds. Negative values have buckets of their own (by
/// magnitude), zeros are counted exactly, and so are count, min and max.
/// <para>
/// Quantiles use the <em>lower nearest rank</em>: of n values sorted ascending v[0..n-1], quantile q is
/// v[floor(q·(n-1))] (numpy's <c>method="lower"</c>, see <see cref="Rank"/>); the answer is within 1% of that value
/// (up to floating-point rounding), and q = 0 and q = 1 give min and max exactly.
/// </para>
/// <para>
/// Memory is bounded: each sign keeps at most <see cref="SketchBuckets.MaxSpan"/> consecutive buckets (magnitudes
/// across a ratio of about 6e17); beyond that the buckets of the smallest magnitudes are folded together and
/// quantiles that land in them lose their accuracy. Merging is exact: any order of adds and merges gives the same sketch.
/// </para>
/// </summary>
internal sealed class QuantileSketch
{
    public const double RelativeAccuracy = 0.01;

    private const byte Format = 1;
    private static readonly double LnGamma = Math.Log((1 + RelativeAccuracy) / (1 - RelativeAccuracy));
    private static readonly double LnMidpoint = Math.Log(2 / (1 + ((1 + RelativeAccuracy) / (1 - RelativeAccuracy))));
    private static readonly int MinIndex = Index(double.Epsilon);
    private static readonly int MaxIndex = Index(double.MaxValue);

    private readonly SketchBuckets _positive = new();
    private readonly SketchBuckets _negative = new();
    private long _zeros;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    public long Count { get; private set; }

    /// <summary>The smallest value added; NaN when empty.</summary>
    public double Min => Count == 0 ? double.NaN : _min;

    /// <summary>The largest value added; NaN when empty.</summary>
    public double Max => Count == 0 ? double.NaN : _max;

    /// <summary>The zero-based rank of quantile <paramref name="q"/> among <paramref name="count"/> sorted values: floor(q·(count-1)).</summary>
    public static long Rank(double q, long count) => (long)Math.Floor(q * (count - 1));

    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN or infinite.</exception>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"a sketch takes finite numbers, not {value}", nameof(value));
        }

        if (value > 0)
        {
            _positive.Add(Index(value), 1);
        }
        else if (value < 0)
        {
            _negative.Add(Index(-value), 1);
        }
        else
        {
            value = 0; // -0 counts as 0, and min/max stay 0
            _zeros++;
        }

        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        Count++;
    }

    /// <summary>Adds everything <paramref name="other"/> holds, as if its values had been added here.</summary>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        _positive.MergeFrom(other._positive);
        _negative.MergeFrom(other._negative);
        _zeros += other._zeros;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
        Count += other.Count;
    }

    /// <summary>The value at the lower nearest rank of <paramref name="q"/>, within 1% (see the type's remarks).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 1].</exception>
    /// <exception cref="InvalidOperationException">The sketch is empty.</exception>
    public double Quantile(double q)
    {
        if (!(q is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "a quantile is between 0 and 1");
        }

        if (Count == 0)
        {
            throw new InvalidOperationException("an empty sketch has no quantiles");
        }

        var rank = Rank(q, Count);
        if (rank == 0 || rank == Count - 1)
        {
            return rank == 0 ? _min : _max;
        }

        long seen = 0;
        var negative = _negative.Used;
        for (var i = negative.Length - 1; i >= 0; i--)
        {
            seen += negative[i];
            if (seen > rank)
            {
                return Math.Clamp(-Representative(_negative.Lowest + i), _min, _max);
            }
        }

        seen += _zeros;
        if (seen > rank)
        {
            return 0;
        }

        var positive = _positive.Used;
        for (var i = 0; i < positive.Length; i++)
        {
            seen += positive[i];
            if (seen > rank)
            {
                return Math.Clamp(Representative(_positive.Lowest + i), _min, _max);
            }
        }

        return _max;
    }

    /// <summary>Format byte, count; when not empty: min, max, zeros, positive then negative buckets (see <see cref="SketchBuckets.Write"/>).</summary>
    public void Write(IBufferWriter<byte> into)
    {
        WindowCodec.WriteByte(into, Format);
        WindowCodec.WriteCount(into, Count);
        if (Count == 0)
        {
            return;
        }

        WindowCodec.WriteDouble(into, _min);
        WindowCodec.WriteDouble(into, _max);
        WindowCodec.WriteCount(into, _zeros);
        _positive.Write(into);
        _negative.Write(into);
    }

    /// <summary>Reads a sketch written by <see cref="Write"/>, advancing <paramref name="data"/> past it.</summary>
    /// <exception cref="FormatException">The bytes are not a consistent sketch; the message names what is wrong.</exception>
    public static QuantileSketch Read(ref ReadOnlySpan<byte> data)
    {
        var format = WindowCodec.ReadByte(ref data, "quantile sketch format");
        if (format != Format)
        {
            throw new FormatException($"quantile sketch format {format} is not known (this version reads {Format})");
        }

        var sketch = new QuantileSketch { Count = WindowCodec.ReadCount(ref data, "quantile sketch count", 0, long.MaxValue) };
        if (sketch.Count == 0)
        {
            return sketch;
        }

        sketch._min = WindowCodec.ReadFinite(ref data, "quantile sketch min");
        sketch._max = WindowCodec.ReadFinite(ref data, "quantile sketch max");
        if (sketch._min > sketch._max)
        {
            throw new FormatException($"quantile sketch min {sketch._min} is above its max {sketch._max}");
        }

        sketch._zeros = WindowCodec.ReadCount(ref data, "quantile sketch zero count", 0, sketch.Count);
        sketch._positive.Read(ref data, "quantile sketch positive", MinIndex, MaxIndex);
        sketch._negative.Read(ref data, "quantile sketch negative", MinIndex, MaxIndex);
        var total = (Int128)sketch._zeros + sketch._positive.Total + sketch._negative.Total;
        if (total != sketch.Count)
        {
            throw new FormatException($"quantile sketch buckets hold {total} values, its count says {sketch.Count}");
        }

        if ((sketch._negative.Total > 0) != (sketch._min < 0) || (sketch._positive.Total > 0) != (sketch._max > 0))
        {
            throw new FormatException($"quantile sketch min {sketch._min} and max {sketch._max} disagree with the signs of its buckets");
        }

        return sketch;
    }

    private static int Index(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) / LnGamma);

    private static double Representative(int index) => Math.Exp((index * LnGamma) + LnMidpoint);
}
