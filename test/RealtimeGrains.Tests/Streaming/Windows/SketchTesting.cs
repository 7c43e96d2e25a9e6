using System.Buffers;
using RealtimeGrains.Streaming.Windows;

namespace RealtimeGrains.Tests.Streaming.Windows;

/// <summary>Reference values and generators shared by the window tests.</summary>
internal static class SketchTesting
{
    /// <summary>The lower-nearest-rank quantile, computed directly: value number floor(q·(n-1)) of the sorted values.</summary>
    public static double ExactQuantile(double[] sorted, double q) => sorted[(long)Math.Floor(q * (sorted.Length - 1))];

    /// <summary>Within the sketch's relative accuracy, allowing only floating-point rounding on top.</summary>
    public static bool WithinAccuracy(double estimate, double exact) =>
        Math.Abs(estimate - exact) <= QuantileSketch.RelativeAccuracy * Math.Abs(exact) * (1 + 1e-9);

    public static byte[] Bytes(Action<IBufferWriter<byte>> write)
    {
        var into = new ArrayBufferWriter<byte>();
        write(into);
        return into.WrittenSpan.ToArray();
    }

    public static byte[] Bytes(QuantileSketch sketch) => Bytes(sketch.Write);

    public static QuantileSketch Sketch(IEnumerable<double> values)
    {
        var sketch = new QuantileSketch();
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        return sketch;
    }

    /// <summary>
    /// Values of one of eight shapes: narrow and wide positive ranges, mixed signs, zeros, duplicates, one value.
    /// Shapes 0-6 span less than the ~18 decades a sketch keeps unfolded; shape 7 spans 1e-300..1e300 (folding).
    /// </summary>
    public static double[] Distribution(Random random, int shape, int count) => [.. Enumerable.Range(0, count).Select(_ => shape switch
    {
        0 => random.NextDouble() * 100,
        1 => Math.Exp(random.NextDouble() * 40 - 20),
        2 => (random.NextDouble() - 0.5) * 1e6,
        3 => -Math.Log(1 - random.NextDouble()) * 250,
        4 => random.Next(5) == 0 ? 0 : random.Next(-20, 21),
        5 => (random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, random.Next(-8, 9)) * (1 + random.NextDouble()),
        6 => 42.5,
        _ => (random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, random.Next(-300, 301)) * (1 + random.NextDouble()),
    })];
}
