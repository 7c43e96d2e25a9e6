using System.Globalization;
using System.Text;
using RealtimeGrains.Benchmarks.Report;

namespace RealtimeGrains.Benchmarks.Tasks;

/// <summary>Figures of one <c>tasks</c> run: throughput medians against plain Orleans, latency, SJF vs FCFS.</summary>
internal sealed record TasksResult(
    int Tasks, int Runs, int Warmup, int Cores, double ColdTasksPerSecond, int DeepQueue, double DeepQueueAcceptsPerSecond,
    double TasksPerSecond, double PlainOrleansTasksPerSecond, double Ratio,
    double SubmitToStartP50Ms, double SubmitToStartP99Ms, double FcfsMeanWaitMs, double SjfMeanWaitMs,
    IReadOnlyList<double> RealtimeGrainsRuns, IReadOnlyList<double> PlainRuns) : IReportResult
{
    public string ToMarkdown()
    {
        static string Join(IEnumerable<double> runs) => string.Join(" / ", runs.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)));
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Tasks: echo, 1 queue, concurrency 64, {Tasks:N0} tasks per run after {Warmup:N0} warm-up tasks, {Cores} cores, median of {Runs} runs");
        md.AppendLine();
        md.AppendLine("| measure | RealtimeGrains | plain Orleans | ratio |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| echo tasks completed per second | {TasksPerSecond:N0} | {PlainOrleansTasksPerSecond:N0} | {Ratio:0.00} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| runs, tasks/s | {Join(RealtimeGrainsRuns)} | {Join(PlainRuns)} | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| cold: the first {Warmup:N0} tasks after the silo started, tasks/s | {ColdTasksPerSecond:N0} | | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| accepts/s while a paused queue fills to {DeepQueue:N0} pending | {DeepQueueAcceptsPerSecond:N0} | | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| submit→start p50 / p99 (slots free) | {SubmitToStartP50Ms:0.00} / {SubmitToStartP99Ms:0.00} ms | | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| mixed workload mean wait, FCFS / SJF | {FcfsMeanWaitMs:0.0} / {SjfMeanWaitMs:0.0} ms | | |");
        return md.ToString();
    }

    public IEnumerable<ReportSection> ToSections()
    {
        yield return new ReportSection(
            "Tasks",
            "plain Orleans: a reentrant grain with an in-memory FIFO starting one grain per task (default placement), no durable accept, outcome, policy, retries or leases",
            string.Create(CultureInfo.InvariantCulture,
                $"One in-process silo (memory storage), a client over its TCP gateway; `echo` on one `fcfs` queue with concurrency 64, {Tasks:N0} tasks per run after {Warmup:N0} warm-up tasks; median of {Runs} runs."),
            [
                ReportRow.Of("echo tasks completed per second", TasksPerSecond, PlainOrleansTasksPerSecond),
                new ReportRow("runs, tasks/s", ReportRow.Runs(RealtimeGrainsRuns), ReportRow.Runs(PlainRuns)),
                ReportRow.Of(string.Create(CultureInfo.InvariantCulture, $"cold: the first {Warmup:N0} tasks after start, tasks/s"), ColdTasksPerSecond),
                ReportRow.Of(string.Create(CultureInfo.InvariantCulture, $"accepts/s while a paused queue fills to {DeepQueue:N0} pending"), DeepQueueAcceptsPerSecond),
                ReportRow.Text("submit → start p50 / p99 (slots free)", string.Create(CultureInfo.InvariantCulture, $"{SubmitToStartP50Ms:0.00} / {SubmitToStartP99Ms:0.00} ms")),
                ReportRow.Of("mixed workload mean wait, SJF (baseline column: FCFS on the same workload)", SjfMeanWaitMs, FcfsMeanWaitMs, "0.0", "ms"),
            ]);
    }
}
