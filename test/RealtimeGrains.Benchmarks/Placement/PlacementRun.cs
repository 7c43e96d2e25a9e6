using System.Globalization;
using System.Text;
using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Benchmarks.Report;

namespace RealtimeGrains.Benchmarks.Placement;

/// <summary>
/// <c>placement [--json] [--runs N] [--tasks N] [--sleep-ms N]</c>: the same burst of <c>sleep</c> tasks on a
/// 3-silo in-process cluster, once per task strategy, in a homogeneous (1:1:1) and a heterogeneous (1:1:2)
/// set-up where each silo's task slots follow its capacity. Medians over runs per strategy.
/// </summary>
internal static class PlacementRun
{
    private static readonly string[] Strategies = ["weighted", "round-robin", "random", "activation-count", "resource-optimized"];

    public static async Task<IReadOnlyList<ReportSection>> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var runs = RunArgs.Int(args, "--runs", 3);
        var tasks = RunArgs.Int(args, "--tasks", 2_000);
        var sleepMs = RunArgs.Int(args, "--sleep-ms", 20);
        var setups = new (string Name, double[] Capacities)[] { ("homogeneous 1:1:1", [1, 1, 1]), ("heterogeneous 1:1:2", [1, 1, 2]) };
        var results = new List<PlacementSummary>();
        foreach (var (name, capacities) in setups)
        {
            foreach (var strategy in Strategies)
            {
                var outcomes = new List<PlacementOutcome>();
                for (var run = 0; run < runs; run++)
                {
                    outcomes.Add(await PlacementScenario.RunAsync(strategy, capacities, tasks, sleepMs));
                }

                var summary = PlacementSummary.Median(name, outcomes);
                results.Add(summary);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name} {strategy}: imbalance {summary.Imbalance:0.000}, makespan {summary.MakespanMs:N0} ms, p99 {summary.P99LatencyMs:N0} ms"));
            }
        }

        ResultWriter.Write(results, json, ToMarkdown(results, runs, tasks, sleepMs));
        return PlacementSections.Of(results, runs, tasks, sleepMs);
    }

    private static string ToMarkdown(List<PlacementSummary> results, int runs, int tasks, int sleepMs)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Placement: {tasks:N0} `sleep` tasks of {sleepMs} ms, 3 in-process silos, {PlacementScenario.SlotsPerCapacity} task slots per unit of capacity, median of {runs} runs");
        md.AppendLine();
        md.AppendLine("| set-up | strategy | task share per silo (ideal) | imbalance | makespan ms | p50 ms | p99 ms |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var shares = string.Join(" / ", r.Shares.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)));
            var ideal = string.Join(" / ", r.IdealShares.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)));
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Setup} | {r.Strategy} | {shares} ({ideal}) | {r.Imbalance:0.00} | {r.MakespanMs:N0} | {r.P50LatencyMs:N0} | {r.P99LatencyMs:N0} |");
        }

        return md.ToString();
    }
}
