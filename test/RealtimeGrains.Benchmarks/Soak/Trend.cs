namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>Least-squares slope of values over time.</summary>
internal static class Trend
{
    /// <summary>Change per minute of the best-fit line through (seconds, value); null for fewer than two distinct times.</summary>
    public static double? SlopePerMinute(IReadOnlyList<(double Seconds, double Value)> points)
    {
        if (points.Count < 2)
        {
            return null;
        }

        var meanX = points.Average(p => p.Seconds);
        var meanY = points.Average(p => p.Value);
        var sxx = points.Sum(p => (p.Seconds - meanX) * (p.Seconds - meanX));
        var sxy = points.Sum(p => (p.Seconds - meanX) * (p.Value - meanY));
        return sxx > 0 ? sxy / sxx * 60 : null;
    }
}
