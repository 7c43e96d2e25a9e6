using System.ComponentModel;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using RealtimeGrains.Benchmarks.Report;

namespace RealtimeGrains.Benchmarks.Micro;

/// <summary>
/// <c>micro [--quick] [BenchmarkDotNet options]</c>: the BenchmarkDotNet suite (every class here unless <c>--filter</c>
/// is given), in process with a short job (3 warm-ups, 5 iterations; <c>--quick</c>: 1 and 3 of 100 ms), MemoryDiagnoser;
/// one report section per class, each method against the class's baseline at the same parameters.
/// </summary>
internal static class MicroRun
{
    public static Task<IReadOnlyList<ReportSection>> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var switcherArgs = args.Where(a => a is not "--quick" and not "--json").ToArray();
        if (!switcherArgs.Contains("--filter"))
        {
            switcherArgs = [.. switcherArgs, "--filter", "*"];
        }

        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1);
        job = quick
            ? job.WithWarmupCount(1).WithIterationCount(3).WithIterationTime(TimeInterval.FromMilliseconds(100)).WithId("quick")
            : job.WithWarmupCount(3).WithIterationCount(5).WithId("short");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(ReportContext.Directory, "BenchmarkDotNet"));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroRun).Assembly).Run(switcherArgs, config);
        IReadOnlyList<ReportSection> sections = [.. summaries.Where(s => s.Reports.Length > 0).Select(ToSection)];
        return Task.FromResult(sections);
    }

    private static ReportSection ToSection(Summary summary)
    {
        var type = summary.BenchmarksCases[0].Descriptor.Type;
        var rows = new List<ReportRow>();
        foreach (var report in summary.Reports.Where(r => !r.BenchmarkCase.Descriptor.Baseline))
        {
            var baseline = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline
                && r.BenchmarkCase.Parameters.DisplayInfo == report.BenchmarkCase.Parameters.DisplayInfo);
            var median = report.ResultStatistics?.Median ?? double.NaN;
            var baselineMedian = baseline?.ResultStatistics?.Median;
            rows.Add(new ReportRow(
                $"{report.BenchmarkCase.Descriptor.WorkloadMethod.Name} {report.BenchmarkCase.Parameters.DisplayInfo}".Trim(),
                Cell(median, report),
                baseline is null ? "" : Cell(baselineMedian ?? double.NaN, baseline),
                baselineMedian is > 0 && double.IsFinite(median) ? Math.Round(median / baselineMedian.Value, 2) : null));
        }

        return new ReportSection(
            "Micro: " + type.Name,
            type.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "",
            (type.GetCustomAttributes<DescriptionAttribute>().Any() ? "" : "No baseline. ") +
            $"BenchmarkDotNet {summary.BenchmarksCases[0].Job.Id} job in process: median time per operation, and bytes allocated per operation (MemoryDiagnoser).",
            rows)
        { Passed = summary.Reports.All(r => r.Success) };
    }

    private static string Cell(double medianNs, BenchmarkReport report)
    {
        var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
        var time = medianNs switch
        {
            double.NaN => "n/a",
            >= 1_000_000 => ReportRow.Format(medianNs / 1_000_000, "N2", "ms"),
            >= 1_000 => ReportRow.Format(medianNs / 1_000, "N2", "µs"),
            _ => ReportRow.Format(medianNs, "N1", "ns"),
        };
        return allocated is { } bytes ? $"{time}, {ReportRow.Format(bytes, "N0", "B")}" : time;
    }
}
