using RealtimeGrains.Benchmarks.Infrastructure;

namespace RealtimeGrains.Benchmarks.Outputs;

/// <summary><c>outputs [--timers] [--json]</c>: the application model's costs (timers, and publish-to-output latency).</summary>
internal static class OutputsRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var timers = await TimersRun.RunAsync(args);
        ResultWriter.Write(timers, json, timers.ToMarkdown());
        return 0;
    }
}
