namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>How one level (memory, activations, keys) moved after warm-up: its values, least-squares slope per minute and total growth.</summary>
internal sealed record SoakGrowth(string Measure, string Unit, double AtWarmupEnd, double AtEnd, double? SlopePerMinute, double? GrowthPercent)
{
    /// <summary>The growth of <paramref name="value"/> over <paramref name="after"/>: samples from the end of warm-up on (at least two).</summary>
    public static SoakGrowth Of(string measure, string unit, IReadOnlyList<SoakSample> after, Func<SoakSample, double> value)
    {
        var first = value(after[0]);
        var last = value(after[^1]);
        var slope = Trend.SlopePerMinute([.. after.Select(s => (s.ElapsedSeconds, value(s)))]);
        return new SoakGrowth(
            measure,
            unit,
            first,
            last,
            slope is { } perMinute ? Math.Round(perMinute, 2) : null,
            first != 0 ? Math.Round((last - first) / first * 100, 1) : null);
    }
}
