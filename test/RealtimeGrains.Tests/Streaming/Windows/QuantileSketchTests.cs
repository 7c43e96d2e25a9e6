using RealtimeGrains.Streaming.Windows;
using static RealtimeGrains.Tests.Streaming.Windows.SketchTesting;

namespace RealtimeGrains.Tests.Streaming.Windows;

[Trait("Tier", "Unit")]
public sealed class QuantileSketchTests
{
    private static readonly double[] Quantiles = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

    [Fact]
    public void Quantile_RandomDistributions_WithinOnePercentOfLowerRank()
    {
        for (var seed = 0; seed < 140; seed++)
        {
            var random = new Random(seed);
            var values = Distribution(random, seed % 7, random.Next(1, 3000));
            var sketch = Sketch(values);
            Array.Sort(values);

            Assert.Equal(values.Length, sketch.Count);
            Assert.Equal(values[0], sketch.Min);
            Assert.Equal(values[^1], sketch.Max);
            foreach (var q in Quantiles.Append(random.NextDouble()))
            {
                var exact = ExactQuantile(values, q);
                var estimate = sketch.Quantile(q);
                Assert.True(WithinAccuracy(estimate, exact), $"seed {seed}, q {q}: {estimate} is not within 1% of {exact}");
            }
        }
    }

    [Fact]
    public void Quantile_EndsAndSingleValue_AreExact()
    {
        var sketch = Sketch([3.7, -2.25, 10.1]);
        var single = Sketch([-0.0]);

        Assert.Equal(-2.25, sketch.Quantile(0));
        Assert.Equal(10.1, sketch.Quantile(1));
        Assert.Equal(0, single.Quantile(0.5));
        Assert.Equal(0, single.Min);
        Assert.False(double.IsNegative(single.Min));
    }

    [Fact]
    public void Rank_IsLowerNearestRank()
    {
        Assert.Equal(0, QuantileSketch.Rank(0.5, 2));
        Assert.Equal(1, QuantileSketch.Rank(0.5, 3));
        Assert.Equal(98, QuantileSketch.Rank(0.99, 100));
        Assert.Equal(99, QuantileSketch.Rank(1, 100));
        Assert.Equal(0, QuantileSketch.Rank(0.99, 1));
    }

    [Fact]
    public void Merge_AnySplit_EqualsOneSketchOfAllValues()
    {
        for (var seed = 0; seed < 70; seed++)
        {
            var random = new Random(seed);
            var values = Distribution(random, seed % 8, random.Next(0, 2000));
            var parts = Enumerable.Range(0, random.Next(1, 6)).Select(_ => new QuantileSketch()).ToArray();
            foreach (var value in values)
            {
                parts[random.Next(parts.Length)].Add(value);
            }

            var merged = new QuantileSketch();
            foreach (var part in parts)
            {
                merged.Merge(part);
            }

            Assert.Equal(Bytes(Sketch(values)), Bytes(merged));
        }
    }

    [Fact]
    public void Merge_IsAssociativeAndCommutative()
    {
        for (var seed = 0; seed < 70; seed++)
        {
            var random = new Random(seed);
            var (a, b, c) = (Part(), Part(), Part());

            var left = Copy(a);
            left.Merge(b);
            left.Merge(c);
            var right = Copy(b);
            right.Merge(c);
            var rightFirst = Copy(a);
            rightFirst.Merge(right);
            var reversed = Copy(c);
            reversed.Merge(b);
            reversed.Merge(a);

            Assert.Equal(Bytes(left), Bytes(rightFirst));
            Assert.Equal(Bytes(left), Bytes(reversed));

            QuantileSketch Part() => Sketch(Distribution(random, random.Next(8), random.Next(0, 800)));
        }
    }

    [Fact]
    public void Merge_WithItself_DoublesEveryCount()
    {
        var values = Distribution(new Random(5), 2, 500);
        var sketch = Sketch(values);

        sketch.Merge(sketch);

        Assert.Equal(Bytes(Sketch(values.Concat(values))), Bytes(sketch));
    }

    [Fact]
    public void Add_ValuesAcrossHugeRange_BoundsBucketsAndKeepsHighQuantilesAccurate()
    {
        // 1e-200..1e200 needs ~46,000 buckets per sign at 1%; the sketch folds the smallest magnitudes instead.
        var values = Enumerable.Range(0, 20_000).Select(i => Math.Pow(10, -200 + (i * 0.02))).ToArray();
        var sketch = Sketch(values.Concat(values.Select(v => -v)));
        var sorted = values.Concat(values.Select(v => -v)).Order().ToArray();

        Assert.True(Bytes(sketch).Length <= 64 + (2 * SketchBuckets.MaxSpan * 4), $"{Bytes(sketch).Length} bytes: buckets were not bounded");
        // Only the largest ~18 decades of each sign stay unfolded: ranks among the 4% largest magnitudes.
        foreach (var q in new[] { 0, 0.001, 0.01, 0.99, 0.999, 1 })
        {
            var exact = ExactQuantile(sorted, q);
            Assert.True(WithinAccuracy(sketch.Quantile(q), exact), $"q {q}: {sketch.Quantile(q)} is not within 1% of {exact}");
        }
    }

    [Fact]
    public void Merge_FoldedSketches_StaysOrderIndependent()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 3000).Select(_ => Math.Pow(10, random.Next(-250, 250)) * (random.Next(2) == 0 ? -1 : 1)).ToArray();
        var halves = (Sketch(values[..1500]), Sketch(values[1500..]));

        halves.Item2.Merge(halves.Item1);

        Assert.Equal(Bytes(Sketch(values.Reverse())), Bytes(halves.Item2));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Add_NonFinite_ThrowsAndChangesNothing(double value)
    {
        var sketch = Sketch([1, 2]);

        var ex = Assert.Throws<ArgumentException>(() => sketch.Add(value));

        Assert.Contains("finite", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Bytes(Sketch([1, 2])), Bytes(sketch));
    }

    [Fact]
    public void Quantile_OutOfRangeOrEmpty_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sketch([1]).Quantile(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sketch([1]).Quantile(double.NaN));
        Assert.Throws<InvalidOperationException>(() => new QuantileSketch().Quantile(0.5));
    }

    [Fact]
    public void WriteRead_AnySketch_RoundTripsAndConsumesExactlyItsBytes()
    {
        for (var seed = 0; seed < 70; seed++)
        {
            var random = new Random(seed);
            var sketch = Sketch(Distribution(random, seed % 8, random.Next(0, 2000)));
            var bytes = Bytes(sketch);
            ReadOnlySpan<byte> data = [.. bytes, 0xEE];

            var read = QuantileSketch.Read(ref data);

            Assert.Equal([0xEE], data.ToArray());
            Assert.Equal(bytes, Bytes(read));
            Assert.Equal(sketch.Count, read.Count);
            if (sketch.Count > 0)
            {
                Assert.Equal(sketch.Quantile(0.9), read.Quantile(0.9));
            }
        }
    }

    [Fact]
    public void Write_DeltaEncodedBuckets_AreCompact()
    {
        // 10,000 latencies from 1 ms to 10 s fill ~460 buckets: about 2-4 bytes a bucket.
        var random = new Random(3);
        var sketch = Sketch(Enumerable.Range(0, 10_000).Select(_ => Math.Exp(random.NextDouble() * Math.Log(10_000))));

        Assert.InRange(Bytes(sketch).Length, 400, 2_000);
    }

    [Fact]
    public void Read_AnyTruncation_IsFormatException()
    {
        var bytes = Bytes(Sketch(Distribution(new Random(1), 2, 300)));

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<FormatException>(() => ReadAll(prefix));
        }
    }

    [Fact]
    public void Read_AnyFlippedBit_IsFormatExceptionOrAConsistentSketch()
    {
        var bytes = Bytes(Sketch(Distribution(new Random(2), 4, 200)));
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            QuantileSketch read;
            try
            {
                read = ReadAll(corrupt);
            }
            catch (FormatException)
            {
                continue;
            }

            // Some flips (a count, a value) still describe a sketch: it must then behave like one.
            var again = Bytes(read);
            Assert.Equal(again, Bytes(ReadAll(again)));
            Assert.InRange(read.Quantile(0.5), read.Min, read.Max);
        }
    }

    [Theory]
    [InlineData(new byte[] { 2, 0 }, "quantile sketch format 2 is not known (this version reads 1)")]
    [InlineData(new byte[] { 1, 2, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 1, 0, 1, 0 }, "quantile sketch buckets hold 1 values, its count says 2")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 1, 0, 1, 0 }, "quantile sketch min 2 is above its max 1")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 1, 0, 0, 0 }, "quantile sketch positive bucket 0 count 0 is out of range 1-")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 1, 0xFE, 0xFF, 0x7F, 1, 0 }, "quantile sketch positive bucket index 1048575 is out of range")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 0, 0xF0, 0x7F, 0, 0, 0, 0, 0, 0, 0xF0, 0x7F, 0, 1, 0, 1, 0 }, "quantile sketch min is Infinity, not a finite number")]
    [InlineData(new byte[] { 1, 3, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 3, 0, 1, 0xFF, 0x0F, 1, 1, 1, 0 }, "quantile sketch positive buckets span more than 2048 indexes")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 0, 0xF0, 0xBF, 0, 0, 0, 0, 0, 0, 0xF0, 0xBF, 0, 1, 0, 1, 0 }, "quantile sketch min -1 and max -1 disagree with the signs of its buckets")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0x81 }, "quantile sketch positive bucket count: truncated varint")]
    public void Read_Corrupt_NamesWhatIsWrong(byte[] bytes, string message)
    {
        var ex = Assert.Throws<FormatException>(() => ReadAll(bytes));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    private static QuantileSketch ReadAll(byte[] bytes)
    {
        ReadOnlySpan<byte> data = bytes;
        return QuantileSketch.Read(ref data);
    }

    private static QuantileSketch Copy(QuantileSketch sketch)
    {
        var copy = new QuantileSketch();
        copy.Merge(sketch);
        return copy;
    }
}
