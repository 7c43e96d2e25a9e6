using RealtimeGrains.Benchmarks.Report;

namespace RealtimeGrains.Benchmarks;

/// <summary>
/// <c>all [--quick] [--report PATH]</c> runs every part of the performance report and writes it as one markdown file;
/// each part also runs alone by name (<c>streams</c>, <c>state</c>, ..., <c>micro</c>) and writes a report of its own.
/// <c>soak</c> and <c>speech-engine</c> are separate runs that print their own results.
/// </summary>
internal static class Program
{
    /// <summary>The report's parts, in the order the report shows them.</summary>
    private static readonly ReportPart[] Parts =
    [
        new("streams", ["--runs", "3", "--events", "300000"], Streams.StreamsRun.RunAsync),
        new("state", ["--sizes", "1000,100000", "--hot-events", "300000", "--warmup-events", "100000", "--runs", "1"], State.StateRun.RunAsync),
        new("outputs", ["--seconds", "4", "--peak-events", "100000", "--keys", "20000", "--spread-ms", "3000"], Outputs.OutputsRun.RunAsync),
        new("tasks", ["--runs", "3", "--count", "20000", "--warmup", "30000"], Tasks.TasksRun.RunAsync),
        new("placement", ["--runs", "1", "--tasks", "600"], Placement.PlacementRun.RunAsync),
        new("failover", ["--recovery-keys", "10000", "--hot-events", "500000", "--warmup-events", "150000", "--recovery-kill-seconds", "5"], Failover.FailoverRun.RunAsync),
        new("speech", ["--quick", "--sessions", "8", "--seconds", "6"], Speech.SpeechRun.RunAsync),
        new("scale", ["--quick"], Scale.ScaleRun.RunAsync),
        new("micro", ["--quick"], Micro.MicroRun.RunAsync),
    ];

    private static readonly Dictionary<string, Func<string[], Task<int>>> OtherRuns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["soak"] = Soak.SoakRun.RunAsync,
        ["speech-engine"] = Speech.SpeechEngineRun.RunAsync,
        ["scaleout"] = ScaleOut.ScaleOutRun.RunAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        var command = args.Length == 0 ? "" : args[0];
        if (command.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return await ReportCommand.RunAsync("all", Parts, args[1..]);
        }

        if (Parts.FirstOrDefault(p => p.Name.Equals(command, StringComparison.OrdinalIgnoreCase)) is { } part)
        {
            return await ReportCommand.RunAsync(part.Name, [part], args[1..]);
        }

        if (OtherRuns.TryGetValue(command, out var run))
        {
            return await run(args[1..]);
        }

        var names = string.Join('|', ["all", .. Parts.Select(p => p.Name), .. OtherRuns.Keys]);
        await Console.Error.WriteLineAsync($"usage: dotnet run -c Release --project test/RealtimeGrains.Benchmarks -- <{names}> [--quick] [--report PATH] [part options]");
        return 2;
    }
}
