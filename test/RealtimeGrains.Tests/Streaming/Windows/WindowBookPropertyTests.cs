using System.Buffers;
using RealtimeGrains.Streaming.Windows;
using static RealtimeGrains.Tests.Streaming.Windows.SketchTesting;

namespace RealtimeGrains.Tests.Streaming.Windows;

/// <summary>
/// Window results equal an offline reference. Each case draws a window declaration, events with random event times
/// and values, a random arrival order (from in order to fully shuffled), a watermark that trails the largest event
/// time seen (and sometimes jumps ahead, as an idle partition's does on processing time), closes at random moments
/// and checkpoint round trips of the book. The reference is computed from the events directly: an event is late
/// exactly when every window holding it had closed when it arrived (end + allowed lateness &lt;= watermark), and
/// each window holds the events that arrived while it was open. Values are multiples of 1/1024 below 2^20, so
/// every sum is exact in any order and count, sum, min, max and mean compare exactly; percentiles compare within 1%.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class WindowBookPropertyTests
{
    private static readonly long[] Sizes = [1, 2, 10, 60, 100, 1000, 5000];
    private static readonly WindowAggregates[] Choices =
        [WindowAggregates.Sum, WindowAggregates.Min, WindowAggregates.Max, WindowAggregates.Mean, WindowAggregates.P50, WindowAggregates.P90, WindowAggregates.P99];

    [Fact]
    public void RandomEventsOrdersAndWatermarks_ResultsEqualOfflineReference()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            try
            {
                Check(seed);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: {ex.Message}");
            }
        }
    }

    private static void Check(int seed)
    {
        var random = new Random(seed);
        var spec = RandomSpec(random);
        var (size, slide, lateness) = (spec.Assigner.SizeMs, spec.Assigner.SlideMs, spec.AllowedLatenessMs);
        var events = RandomEvents(random, size);
        var watermarkDelay = random.Next(3) == 0 ? lateness : random.NextInt64(0, (3 * size) + 1);

        var book = new WindowBook(spec);
        var results = new List<WindowResult>();
        var arrivalWatermark = new long[events.Length];
        var maxSeen = long.MinValue;
        var watermark = long.MinValue;
        for (var i = 0; i < events.Length; i++)
        {
            var (time, value) = events[i];
            arrivalWatermark[i] = watermark;
            var late = book.Add(time, value, watermark);

            Assert.Equal(Closed(LastWindowHolding(time, slide), size, lateness, watermark), late);
            maxSeen = Math.Max(maxSeen, time);
            watermark = Math.Max(watermark, maxSeen - watermarkDelay);
            if (random.Next(20) == 0)
            {
                watermark += random.NextInt64(1, 2 * size); // an idle partition's processing-time advance
            }

            if (random.Next(4) == 0)
            {
                CloseInto(book, watermark, results);
            }

            if (random.Next(25) == 0)
            {
                book = RoundTrip(book);
            }
        }

        CloseInto(book, long.MaxValue, results);
        Assert.Equal(0, book.OpenWindows);
        var expected = Reference(spec, events, arrivalWatermark);
        Assert.Equal(expected.Count, results.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertMatches(expected[i], results[i]);
        }
    }

    private static void AssertMatches(WindowResult expected, WindowResult actual)
    {
        Assert.Equal(expected with { P50 = null, P90 = null, P99 = null }, actual with { P50 = null, P90 = null, P99 = null });
        foreach (var (q, exact, estimate) in new[] { (0.5, expected.P50, actual.P50), (0.9, expected.P90, actual.P90), (0.99, expected.P99, actual.P99) })
        {
            Assert.Equal(exact is null, estimate is null);
            Assert.True(exact is null || WithinAccuracy(estimate!.Value, exact.Value),
                $"window at {expected.WindowStart.ToUnixTimeMilliseconds()}: p{q * 100} {estimate} is not within 1% of {exact}");
        }
    }

    private static void CloseInto(WindowBook book, long watermark, List<WindowResult> results)
    {
        var closed = book.Close("k", watermark);
        Assert.All(closed, r => Assert.True(Closed(r.WindowStart.ToUnixTimeMilliseconds(), book.Spec.Assigner.SizeMs, book.Spec.AllowedLatenessMs, watermark)));
        Assert.True(book.NextCloseAt is null || book.NextCloseAt > watermark, "a window that should have closed is still open");
        if (results.Count > 0 && closed.Count > 0)
        {
            Assert.True(closed[0].WindowStart > results[^1].WindowStart, "windows closed out of order");
        }

        results.AddRange(closed);
    }

    /// <summary>Each window's events, straight from the definition: t in [start, start + size), arrived while the window was open.</summary>
    private static List<WindowResult> Reference(WindowSpec spec, (long Time, double Value)[] events, long[] arrivalWatermark)
    {
        var (size, slide, lateness) = (spec.Assigner.SizeMs, spec.Assigner.SlideMs, spec.AllowedLatenessMs);
        var windows = new SortedDictionary<long, List<double>>();
        for (var i = 0; i < events.Length; i++)
        {
            var (time, value) = events[i];
            for (var start = LastWindowHolding(time, slide); start > time - size; start -= slide)
            {
                if (!Closed(start, size, lateness, arrivalWatermark[i]))
                {
                    (windows.TryGetValue(start, out var values) ? values : windows[start] = []).Add(value);
                }
            }
        }

        return [.. windows.Select(w => Expected(spec, w.Key, w.Value))];
    }

    private static WindowResult Expected(WindowSpec spec, long start, List<double> values)
    {
        var sorted = values.Order().ToArray();
        var asked = spec.Aggregates;
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return new WindowResult
        {
            Key = "k",
            WindowStart = DateTimeOffset.FromUnixTimeMilliseconds(start),
            WindowEnd = DateTimeOffset.FromUnixTimeMilliseconds(start + spec.Assigner.SizeMs),
            Count = values.Count,
            Sum = Asked(asked, WindowAggregates.Sum, sum),
            Min = Asked(asked, WindowAggregates.Min, sorted[0]),
            Max = Asked(asked, WindowAggregates.Max, sorted[^1]),
            Mean = Asked(asked, WindowAggregates.Mean, sum / values.Count),
            P50 = Asked(asked, WindowAggregates.P50, ExactQuantile(sorted, 0.5)),
            P90 = Asked(asked, WindowAggregates.P90, ExactQuantile(sorted, 0.9)),
            P99 = Asked(asked, WindowAggregates.P99, ExactQuantile(sorted, 0.99)),
        };
    }

    private static WindowSpec RandomSpec(Random random)
    {
        var size = Sizes[random.Next(Sizes.Length)];
        var divisors = Enumerable.Range(1, 100).Where(d => size % d == 0).ToArray();
        var slide = random.Next(2) == 0 ? size : size / divisors[random.Next(divisors.Length)];
        var lateness = random.Next(3) == 0 ? 0 : random.NextInt64(0, (2 * size) + 1);
        var aggregates = WindowAggregates.Count;
        foreach (var choice in Choices)
        {
            aggregates |= random.Next(3) > 0 ? choice : WindowAggregates.None;
        }

        return new WindowSpec(size, slide, aggregates, lateness);
    }

    /// <summary>Events over a span of some windows around the epoch (so negative times too), in a random arrival order.</summary>
    private static (long Time, double Value)[] RandomEvents(Random random, long size)
    {
        var count = random.Next(1, 400);
        var span = size * random.Next(1, 30);
        var origin = random.NextInt64(-2 * span, span);
        var disorder = random.Next(4) switch
        {
            0 => 0,
            1 => size,
            2 => 5 * size,
            _ => span,
        };
        var values = random.Next(4) == 0 ? Enumerable.Range(0, 5).Select(_ => Value(random)).ToArray() : null;
        return [.. Enumerable.Range(0, count)
            .Select(_ => (Time: origin + random.NextInt64(0, span), Value: values?[random.Next(values.Length)] ?? Value(random)))
            .OrderBy(e => e.Time + random.NextInt64(0, disorder + 1))];
    }

    /// <summary>A multiple of 1/1024 with magnitude log-uniform up to 2^20, either sign, sometimes zero.</summary>
    private static double Value(Random random)
    {
        if (random.Next(15) == 0)
        {
            return 0;
        }

        var magnitude = Math.Floor(Math.Pow(2, random.NextDouble() * 30));
        return (random.Next(2) == 0 ? -magnitude : magnitude) / 1024;
    }

    private static long LastWindowHolding(long time, long slide) => time - (((time % slide) + slide) % slide);

    private static bool Closed(long start, long size, long lateness, long watermark) => start + size + lateness <= watermark;

    private static double? Asked(WindowAggregates asked, WindowAggregates aggregate, double value) => (asked & aggregate) != 0 ? value : null;

    private static WindowBook RoundTrip(WindowBook book)
    {
        var into = new ArrayBufferWriter<byte>();
        book.Write(into);
        ReadOnlySpan<byte> data = into.WrittenSpan;
        var read = WindowBook.Read(ref data);
        Assert.True(data.IsEmpty);
        Assert.Equal((book.Spec.Assigner, book.Spec.AllowedLatenessMs, book.Spec.Aggregates), (read.Spec.Assigner, read.Spec.AllowedLatenessMs, read.Spec.Aggregates));
        return read;
    }
}
