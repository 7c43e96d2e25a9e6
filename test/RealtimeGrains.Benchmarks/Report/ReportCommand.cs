using System.Diagnostics;
using System.Globalization;

namespace RealtimeGrains.Benchmarks.Report;

/// <summary>
/// <c>all|PART [--quick] [--report PATH] [part options]</c>: runs the parts in order and writes one markdown report
/// (default: <c>report/performance-report.md</c> in the benchmark's output folder) with the machine, load before and after.
/// </summary>
internal static class ReportCommand
{
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "report", "performance-report.md");

    public static async Task<int> RunAsync(string command, IReadOnlyList<ReportPart> parts, string[] args)
    {
        var path = Path.GetFullPath(RunArgs(args, "--report") ?? DefaultPath);
        var quick = args.Contains("--quick");
        var partArgs = WithoutReportOptions(args);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ReportContext.Directory = Path.GetDirectoryName(path)!;

        var before = MachineSnapshot.Read();
        var clock = Stopwatch.StartNew();
        var sections = new List<ReportSection>();
        foreach (var part in parts)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"== {part.Name} (load average {MachineSnapshot.ReadLoadAverage()}, {clock.Elapsed.TotalMinutes:0.0} min in)"));
            string[] runArgs = quick ? [.. partArgs, .. part.QuickArgs] : partArgs;
            try
            {
                sections.AddRange(await part.RunAsync(runArgs));
            }
            catch (ArgumentException e) when (parts.Count == 1)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            catch (Exception e) when (e is not OutOfMemoryException && parts.Count > 1)
            {
                // One part failing (a missing tool, a timeout) must not cost the figures of the others; the report says so.
                await Console.Error.WriteLineAsync($"{part.Name} failed: {e}");
                sections.Add(ReportSection.Skipped(part.Name, $"failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}") with { Passed = false });
            }
        }

        var commandLine = "dotnet run -c Release --project test/RealtimeGrains.Benchmarks -- " + string.Join(' ', [command, .. args]);
        var markdown = ReportWriter.Render(commandLine, before, MachineSnapshot.ReadLoadAverage(), clock.Elapsed, sections);
        await File.WriteAllTextAsync(path, markdown);
        await Console.Error.WriteLineAsync($"report: {path}");
        return sections.All(s => s.Passed) ? 0 : 1;
    }

    private static string? RunArgs(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string[] WithoutReportOptions(string[] args)
    {
        var kept = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--report")
            {
                i++;
            }
            else if (args[i] != "--quick")
            {
                kept.Add(args[i]);
            }
        }

        return [.. kept];
    }
}
