using System.Globalization;
using RealtimeGrains.Benchmarks.Report;

namespace RealtimeGrains.Benchmarks.Placement;

/// <summary>The placement run for the report: per set-up, every strategy against Orleans' default placement (random).</summary>
internal static class PlacementSections
{
    private const string OrleansDefault = "random";

    public static IReadOnlyList<ReportSection> Of(IReadOnlyList<PlacementSummary> results, int runs, int tasks, int sleepMs) =>
    [
        .. results.GroupBy(r => r.Setup).Select(setup =>
        {
            var baseline = setup.FirstOrDefault(r => r.Strategy == OrleansDefault);
            var rows = new List<ReportRow>();
            foreach (var r in setup.Where(r => r.Strategy != OrleansDefault))
            {
                rows.Add(ReportRow.Of($"{r.Strategy}: imbalance (max share ÷ ideal − 1)", r.Imbalance, baseline?.Imbalance, "0.00"));
                rows.Add(ReportRow.Of($"{r.Strategy}: makespan", r.MakespanMs, baseline?.MakespanMs, "N0", "ms"));
                rows.Add(ReportRow.Of($"{r.Strategy}: task latency p99", r.P99LatencyMs, baseline?.P99LatencyMs, "N0", "ms"));
            }

            return new ReportSection(
                "Placement, " + setup.Key,
                "Orleans' default placement (random), same burst, same cluster set-up",
                string.Create(CultureInfo.InvariantCulture,
                    $"{tasks:N0} `sleep` tasks of {sleepMs} ms on 3 in-process silos, {PlacementScenario.SlotsPerCapacity} task slots per unit of capacity; `weighted` is RealtimeGrains' own, `activation-count` and `resource-optimized` are Orleans' other built-ins; median of {runs} runs."),
                rows);
        }),
    ];
}
