namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>
/// A rate after warm-up: in the first and the last window (5 minutes, or a fifth of the post-warm-up time when that is
/// under 10 minutes), their ratio, the mean, and the least-squares slope of the per-interval rate.
/// </summary>
internal sealed record SoakThroughput(
    string Measure, double WindowSeconds, double FirstWindow, double LastWindow, double? Ratio, double Mean, double? SlopePerMinute)
{
    private const double FullWindowSeconds = 300;

    /// <summary>
    /// The rate of the cumulative <paramref name="total"/> over <paramref name="after"/> (samples from the end of warm-up on, at least
    /// two); the slope fits the per-interval <paramref name="rate"/> of the samples taken wholly after warm-up.
    /// </summary>
    public static SoakThroughput Of(string measure, IReadOnlyList<SoakSample> after, Func<SoakSample, long> total, Func<SoakSample, double> rate)
    {
        var start = after[0];
        var end = after[^1];
        var span = end.ElapsedSeconds - start.ElapsedSeconds;
        var window = span >= 2 * FullWindowSeconds ? FullWindowSeconds : span / 5;
        var firstEnd = after.First(s => s.ElapsedSeconds >= start.ElapsedSeconds + window - 0.5);
        var lastStart = after.Last(s => s.ElapsedSeconds <= end.ElapsedSeconds - window + 0.5);
        var first = Rate(start, firstEnd);
        var last = Rate(lastStart, end);
        var slope = Trend.SlopePerMinute([.. after.Skip(1).Select(s => (s.ElapsedSeconds, rate(s)))]);
        return new SoakThroughput(
            measure,
            Math.Round(window, 1),
            Math.Round(first),
            Math.Round(last),
            first > 0 ? Math.Round(last / first, 2) : null,
            Math.Round(Rate(start, end)),
            slope is { } perMinute ? Math.Round(perMinute, 1) : null);

        double Rate(SoakSample from, SoakSample to) =>
            to.ElapsedSeconds > from.ElapsedSeconds ? (total(to) - total(from)) / (to.ElapsedSeconds - from.ElapsedSeconds) : 0;
    }
}
