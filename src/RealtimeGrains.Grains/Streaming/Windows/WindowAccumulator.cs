using System.Buffers;
using System.Buffers.Binary;

namespace RealtimeGrains.Streaming.Windows;

/// <summary>The running aggregates of one window: count, sum, min, max and, when percentiles are asked for, a <see cref="QuantileSketch"/>.</summary>
internal sealed class WindowAccumulator(bool withSketch)
{
    private const byte HasSketch = 1;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    public long Count { get; private set; }

    /// <summary>The plain floating-point sum, in the order values arrived (it may overflow to infinity).</summary>
    public double Sum { get; private set; }

    /// <summary>NaN when empty.</summary>
    public double Min => Count == 0 ? double.NaN : _min;

    /// <summary>NaN when empty.</summary>
    public double Max => Count == 0 ? double.NaN : _max;

    public QuantileSketch? Sketch { get; private set; } = withSketch ? new QuantileSketch() : null;

    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN or infinite.</exception>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"a window takes finite numbers, not {value}", nameof(value));
        }

        Sketch?.Add(value);
        Count++;
        Sum += value;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
    }

    /// <exception cref="ArgumentException">One accumulator has a sketch and the other does not.</exception>
    public void Merge(WindowAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if ((Sketch is null) != (other.Sketch is null))
        {
            throw new ArgumentException("cannot merge a window with percentiles and one without", nameof(other));
        }

        if (other.Sketch is not null)
        {
            Sketch!.Merge(other.Sketch);
        }

        Count += other.Count;
        Sum += other.Sum;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <summary>The result of window [<paramref name="startMs"/>, <paramref name="endMs"/>) of <paramref name="key"/>, reporting <paramref name="aggregates"/>.</summary>
    /// <remarks>Percentiles are null when this window has no sketch, even if asked for (a declaration that gained them keeps its open windows).</remarks>
    public WindowResult ToResult(string key, long startMs, long endMs, WindowAggregates aggregates) => new()
    {
        Key = key,
        WindowStart = DateTimeOffset.FromUnixTimeMilliseconds(startMs),
        WindowEnd = DateTimeOffset.FromUnixTimeMilliseconds(endMs),
        Count = Count,
        Sum = Report(aggregates, WindowAggregates.Sum, Sum),
        Min = Report(aggregates, WindowAggregates.Min, Min),
        Max = Report(aggregates, WindowAggregates.Max, Max),
        Mean = Report(aggregates, WindowAggregates.Mean, Sum / Count),
        P50 = Percentile(aggregates, WindowAggregates.P50, 0.5),
        P90 = Percentile(aggregates, WindowAggregates.P90, 0.9),
        P99 = Percentile(aggregates, WindowAggregates.P99, 0.99),
    };

    /// <summary>Flags, count; when not empty: sum, min, max (doubles), then the sketch when there is one.</summary>
    public void Write(IBufferWriter<byte> into)
    {
        WindowCodec.WriteByte(into, Sketch is null ? (byte)0 : HasSketch);
        WindowCodec.WriteCount(into, Count);
        if (Count > 0)
        {
            WindowCodec.WriteDouble(into, Sum);
            WindowCodec.WriteDouble(into, _min);
            WindowCodec.WriteDouble(into, _max);
        }

        Sketch?.Write(into);
    }

    /// <summary>Reads an accumulator written by <see cref="Write"/>, advancing <paramref name="data"/> past it.</summary>
    /// <exception cref="FormatException">The bytes are not a consistent accumulator.</exception>
    public static WindowAccumulator Read(ref ReadOnlySpan<byte> data)
    {
        var flags = WindowCodec.ReadByte(ref data, "window flags");
        if ((flags & ~HasSketch) != 0)
        {
            throw new FormatException($"window flags 0x{flags:x2} has unknown bits");
        }

        var window = new WindowAccumulator((flags & HasSketch) != 0) { Count = WindowCodec.ReadCount(ref data, "window count", 0, long.MaxValue) };
        if (window.Count > 0)
        {
            if (data.Length < 8)
            {
                throw new FormatException("window sum is missing (input ends early)");
            }

            // The sum alone may have overflowed to infinity; min and max are always finite.
            window.Sum = BinaryPrimitives.ReadDoubleLittleEndian(data);
            data = data[8..];
            window._min = WindowCodec.ReadFinite(ref data, "window min");
            window._max = WindowCodec.ReadFinite(ref data, "window max");
            if (window._min > window._max)
            {
                throw new FormatException($"window min {window._min} is above its max {window._max}");
            }
        }

        if (window.Sketch is not null)
        {
            var sketch = QuantileSketch.Read(ref data);
            if (sketch.Count != window.Count || (sketch.Count > 0 && (sketch.Min != window._min || sketch.Max != window._max)))
            {
                throw new FormatException($"window sketch ({sketch.Count} values, {sketch.Min} to {sketch.Max}) disagrees with its window ({window.Count} values, {window.Min} to {window.Max})");
            }

            window.Sketch = sketch;
        }

        return window;
    }

    private static double? Report(WindowAggregates asked, WindowAggregates aggregate, double value) =>
        (asked & aggregate) != 0 ? value : null;

    private double? Percentile(WindowAggregates asked, WindowAggregates aggregate, double q) =>
        (asked & aggregate) != 0 && Sketch is { Count: > 0 } sketch ? sketch.Quantile(q) : null;
}
