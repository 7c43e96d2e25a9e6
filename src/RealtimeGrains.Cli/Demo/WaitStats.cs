using RealtimeGrains.Cli.Output;

namespace RealtimeGrains.Cli.Demo;

/// <summary>Mean and 95th percentile (nearest rank) of wait times in milliseconds; null for an empty set.</summary>
internal sealed record WaitStats(int Count, double? MeanMs, double? P95Ms)
{
    public static WaitStats Of(IEnumerable<double> waitsMs)
    {
        var sorted = waitsMs.Order().ToArray();
        return new WaitStats(sorted.Length, sorted.Length == 0 ? null : Math.Round(sorted.Average(), 1), SpeechSummary.Percentile(sorted, 0.95) is { } p95 ? Math.Round(p95, 1) : null);
    }
}
