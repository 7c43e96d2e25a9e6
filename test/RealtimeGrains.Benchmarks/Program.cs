using BenchmarkDotNet.Running;

namespace RealtimeGrains.Benchmarks;

/// <summary>
/// <c>micro [BenchmarkDotNet args]</c> runs the BenchmarkDotNet suite; the end-to-end load runs
/// (streams, tasks, placement, soak, state) are commands of their own.
/// </summary>
internal static class Program
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Runs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["micro"] = args =>
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return Task.FromResult(0);
        },
        ["streams"] = Streams.StreamsRun.RunAsync,
        ["tasks"] = Tasks.TasksRun.RunAsync,
        ["placement"] = Placement.PlacementRun.RunAsync,
        ["soak"] = Soak.SoakRun.RunAsync,
        ["state"] = State.StateRun.RunAsync,
        ["outputs"] = Outputs.OutputsRun.RunAsync,
        ["speech-engine"] = Speech.SpeechEngineRun.RunAsync,
        ["speech"] = Speech.SpeechRun.RunAsync,
        ["scaleout"] = ScaleOut.ScaleOutRun.RunAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !Runs.TryGetValue(args[0], out var run))
        {
            await Console.Error.WriteLineAsync($"usage: dotnet run -c Release --project test/RealtimeGrains.Benchmarks -- <{string.Join('|', Runs.Keys)}> [--json]");
            return 2;
        }

        return await run(args[1..]);
    }
}
