using RealtimeGrains.Client.Telemetry;

namespace RealtimeGrains.Tests.Telemetry;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentile_UniformOneToThousandMs_WithinFivePercent()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(ms));
        }

        Assert.Equal(1000, histogram.Count);
        Assert.InRange(histogram.Percentile(0.5).TotalMilliseconds, 500, 525);
        Assert.InRange(histogram.Percentile(0.99).TotalMilliseconds, 990, 1000);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), histogram.Max);
    }

    [Fact]
    public void Percentile_Empty_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, new LatencyHistogram().Percentile(0.99));
    }
}
