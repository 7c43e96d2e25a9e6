using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Benchmarks.Placement;

/// <summary>What one placement run measured.</summary>
internal sealed record PlacementOutcome(
    string Strategy,
    double[] Capacities,
    double[] Shares,
    double[] IdealShares,
    double Imbalance,
    double MakespanMs,
    double P50LatencyMs,
    double P99LatencyMs)
{
    public static PlacementOutcome From(string strategy, double[] capacities, string[] silos, IReadOnlyList<TaskInfo> tasks)
    {
        var counts = silos.Select(s => tasks.Count(t => t.Silo == s)).ToArray();
        var shares = counts.Select(c => Math.Round(c / (double)tasks.Count, 3)).ToArray();
        var ideal = capacities.Select(c => Math.Round(c / capacities.Sum(), 3)).ToArray();
        var perCapacity = counts.Select((c, i) => c / capacities[i]).ToArray();
        var latencies = tasks.Select(t => (t.CompletedAt!.Value - t.SubmittedAt).TotalMilliseconds).Order().ToArray();
        var makespan = (tasks.Max(t => t.CompletedAt!.Value) - tasks.Min(t => t.SubmittedAt)).TotalMilliseconds;
        return new PlacementOutcome(
            strategy, capacities, shares, ideal,
            Math.Round(perCapacity.Max() / perCapacity.Average(), 3),
            Math.Round(makespan),
            Math.Round(Percentile(latencies, 0.5)),
            Math.Round(Percentile(latencies, 0.99)));
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
