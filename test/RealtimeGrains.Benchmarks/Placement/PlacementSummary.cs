namespace RealtimeGrains.Benchmarks.Placement;

/// <summary>Medians of several runs of one strategy in one set-up.</summary>
internal sealed record PlacementSummary(
    string Setup, string Strategy, double[] Shares, double[] IdealShares, double Imbalance, double MakespanMs, double P50LatencyMs, double P99LatencyMs)
{
    public static PlacementSummary Median(string setup, IReadOnlyList<PlacementOutcome> runs)
    {
        var median = runs.OrderBy(r => r.MakespanMs).ElementAt(runs.Count / 2);
        return new PlacementSummary(
            setup,
            median.Strategy,
            median.Shares,
            median.IdealShares,
            Mid(runs.Select(r => r.Imbalance)),
            Mid(runs.Select(r => r.MakespanMs)),
            Mid(runs.Select(r => r.P50LatencyMs)),
            Mid(runs.Select(r => r.P99LatencyMs)));
    }

    private static double Mid(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
