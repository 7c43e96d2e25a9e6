using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Benchmarks.Report;

namespace RealtimeGrains.Benchmarks.Outputs;

/// <summary>
/// <c>outputs [--latency] [--timers] [--json]</c>: the application model's costs: publish → output seen by a
/// subscribed client, and processing-time timers (live and across a silo restart). Both when neither is given.
/// </summary>
internal static class OutputsRun
{
    public static async Task<IReadOnlyList<ReportSection>> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var sections = new List<ReportSection>();
        var both = !args.Contains("--latency") && !args.Contains("--timers");
        if (both || args.Contains("--latency"))
        {
            var latency = await LatencyRun.RunAsync(args);
            ResultWriter.Write(latency, json, latency.ToMarkdown());
            sections.AddRange(latency.ToSections());
        }

        if (both || args.Contains("--timers"))
        {
            var timers = await TimersRun.RunAsync(args);
            ResultWriter.Write(timers, json, timers.ToMarkdown());
            sections.AddRange(timers.ToSections());
        }

        return sections;
    }
}
