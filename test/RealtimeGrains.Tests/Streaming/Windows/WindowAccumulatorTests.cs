using RealtimeGrains.Streaming.Windows;
using static RealtimeGrains.Tests.Streaming.Windows.SketchTesting;

namespace RealtimeGrains.Tests.Streaming.Windows;

[Trait("Tier", "Unit")]
public sealed class WindowAccumulatorTests
{
    private const WindowAggregates All = WindowAggregates.Count | WindowAggregates.Sum | WindowAggregates.Min | WindowAggregates.Max
        | WindowAggregates.Mean | WindowAggregates.Percentiles;

    [Fact]
    public void ToResult_AllAggregates_ReportsEach()
    {
        var window = Accumulator(true, [4, -2, 10, 0, 8]);

        var result = window.ToResult("host-1", 1000, 2000, All);

        Assert.Equal(new WindowResult
        {
            Key = "host-1",
            WindowStart = DateTimeOffset.FromUnixTimeMilliseconds(1000),
            WindowEnd = DateTimeOffset.FromUnixTimeMilliseconds(2000),
            Count = 5,
            Sum = 20,
            Min = -2,
            Max = 10,
            Mean = 4,
            P50 = window.Sketch!.Quantile(0.5),
            P90 = window.Sketch.Quantile(0.9),
            P99 = window.Sketch.Quantile(0.99),
        }, result);
        Assert.True(WithinAccuracy(result.P50!.Value, 4));
        Assert.True(WithinAccuracy(result.P90!.Value, 8));
    }

    [Fact]
    public void ToResult_AggregatesNotAsked_AreNull()
    {
        var result = Accumulator(true, [1, 2, 3]).ToResult("k", 0, 10, WindowAggregates.Count | WindowAggregates.Max | WindowAggregates.P99);

        Assert.Equal((3L, (double?)null, (double?)null, (double?)3, (double?)null, (double?)null, (double?)null),
            (result.Count, result.Sum, result.Min, result.Max, result.Mean, result.P50, result.P90));
        Assert.True(WithinAccuracy(result.P99!.Value, 2), $"p99 of 1, 2, 3 is the value of rank floor(0.99 * 2) = 1, not {result.P99}");
    }

    [Fact]
    public void ToResult_PercentilesAskedWithoutSketch_AreNull()
    {
        var result = Accumulator(false, [1, 2, 3]).ToResult("k", 0, 10, All);

        Assert.Null(result.P50);
        Assert.Equal(2, result.Mean);
    }

    [Fact]
    public void Merge_Split_EqualsOneAccumulator()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 1000).Select(_ => random.Next(-1_000_000, 1_000_000) / 1024.0).ToArray();
        var merged = Accumulator(true, values[..300]);

        merged.Merge(Accumulator(true, values[300..]));

        Assert.Equal(Bytes(Accumulator(true, values).Write), Bytes(merged.Write));
        Assert.Throws<ArgumentException>(() => merged.Merge(Accumulator(false, [1])));
    }

    [Fact]
    public void Add_NonFinite_Throws()
    {
        var window = Accumulator(true, [1]);

        Assert.Throws<ArgumentException>(() => window.Add(double.NaN));
        Assert.Equal(1, window.Count);
        Assert.Equal(1, window.Sketch!.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WriteRead_RoundTrips(bool withSketch)
    {
        foreach (var values in new[] { Array.Empty<double>(), [5], Distribution(new Random(8), 2, 700) })
        {
            var bytes = Bytes(Accumulator(withSketch, values).Write);
            ReadOnlySpan<byte> data = [.. bytes, 0xEE];

            var read = WindowAccumulator.Read(ref data);

            Assert.Equal([0xEE], data.ToArray());
            Assert.Equal(bytes, Bytes(read.Write));
            Assert.Equal(withSketch, read.Sketch is not null);
        }
    }

    [Fact]
    public void WriteRead_OverflowedSum_RoundTrips()
    {
        var window = Accumulator(false, [double.MaxValue, double.MaxValue]);
        ReadOnlySpan<byte> data = Bytes(window.Write);

        Assert.Equal(double.PositiveInfinity, WindowAccumulator.Read(ref data).Sum);
    }

    [Fact]
    public void Read_Corrupt_NamesWhatIsWrong()
    {
        var bytes = Bytes(Accumulator(true, [1, 2]).Write);
        var unknownFlag = (byte[])bytes.Clone();
        unknownFlag[0] = 0x81;
        var otherCount = (byte[])bytes.Clone();
        otherCount[1] = 3;

        Assert.Equal("window flags 0x81 has unknown bits", Assert.Throws<FormatException>(() => Read(unknownFlag)).Message);
        Assert.Equal("window sketch (2 values, 1 to 2) disagrees with its window (3 values, 1 to 2)", Assert.Throws<FormatException>(() => Read(otherCount)).Message);
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<FormatException>(() => Read(prefix));
        }
    }

    private static WindowAccumulator Read(byte[] bytes)
    {
        ReadOnlySpan<byte> data = bytes;
        return WindowAccumulator.Read(ref data);
    }

    private static WindowAccumulator Accumulator(bool withSketch, double[] values)
    {
        var window = new WindowAccumulator(withSketch);
        foreach (var value in values)
        {
            window.Add(value);
        }

        return window;
    }
}
