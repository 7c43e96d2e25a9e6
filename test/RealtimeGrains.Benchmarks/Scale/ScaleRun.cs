using System.Globalization;
using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Benchmarks.Report;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Benchmarks.Scale;

/// <summary>
/// <c>scale [--quick] [--events N] [--tasks N] [--keys 1000,...]</c>: how the rate changes as the work grows, one in-process
/// silo and a client over its gateway: acknowledged events/s as a stream's partitions grow (1 → 64), completed tasks/s as
/// the same tasks spread over more queues (1 → 64), and events/s as the keys held grow (1k → 10M; <c>--quick</c> stops at
/// 1M). Plots the curves as <c>scale-curve.png</c> next to the report.
/// </summary>
internal static class ScaleRun
{
    private static readonly int[] Partitions = [1, 4, 16, 64];
    private static readonly int[] Queues = [1, 4, 16, 64];

    public static async Task<IReadOnlyList<ReportSection>> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var events = RunArgs.Int(args, "--events", quick ? 300_000 : 1_000_000);
        var taskCount = RunArgs.Int(args, "--tasks", quick ? 20_000 : 100_000);
        var keySizes = RunArgs.Longs(args, "--keys", quick ? [1_000, 100_000, 1_000_000] : [1_000, 100_000, 1_000_000, 10_000_000]);
        var settings = new Dictionary<string, string?> { ["RealtimeGrains:Scheduler:DefaultMaxLength"] = "1000000" };
        foreach (var p in Partitions)
        {
            Declare(settings, $"parts-{p}", p);
        }

        foreach (var k in keySizes)
        {
            Declare(settings, $"keys-{k}", 16);
        }

        await using var cluster = await BenchmarkCluster.StartAsync(settings);
        await StreamLoad.RunAsync(cluster.Client, new StreamLoadPlan($"parts-{Partitions[^1]}", events / 3, 10_000));
        var byPartitions = new List<(long, double)>();
        foreach (var p in Partitions)
        {
            var report = await StreamLoad.RunAsync(cluster.Client, new StreamLoadPlan($"parts-{p}", events, 10_000));
            byPartitions.Add((p, report.EventsPerSecond));
            Log($"{p} partitions: {report.EventsPerSecond:N0} events/s");
        }

        var tasks = new TaskClient(cluster.Client, TimeProvider.System);
        await ScaleTasks.RunAsync(tasks, "warmup", 4, taskCount / 2);
        var byQueues = new List<(long, double)>();
        foreach (var q in Queues)
        {
            var rate = await ScaleTasks.RunAsync(tasks, $"q{q}", q, taskCount);
            byQueues.Add((q, rate));
            Log($"{q} queues: {rate:N0} tasks/s");
        }

        var byKeys = new List<(long, double)>();
        foreach (var k in keySizes)
        {
            // Every key is written at least once, so the partitions hold all of them by the end of the run.
            var report = await StreamLoad.RunAsync(cluster.Client, new StreamLoadPlan($"keys-{k}", Math.Max(events, k), (int)k));
            var held = (await new StreamQueries(cluster.Client).GetStatsAsync($"keys-{k}")).Total.Keys;
            byKeys.Add((k, report.EventsPerSecond));
            Log($"{k:N0} keys ({held:N0} held): {report.EventsPerSecond:N0} events/s over {report.Acked:N0} events");
        }

        ScaleCurve[] curves =
        [
            new("partitions", "events/s", byPartitions),
            new("queues", "tasks/s", byQueues),
            new("keys", "events/s", byKeys),
        ];
        var png = Path.Combine(ReportContext.Directory, "scale-curve.png");
        ScalePlot.Save(curves, png);
        Log($"plot: {png}");
        var rows = curves.SelectMany(c => c.Points.Select(p => ReportRow.Of(
            string.Create(CultureInfo.InvariantCulture, $"{c.Rate}, {p.Size:N0} {c.Grows}"), p.PerSecond, c.Points[0].PerSecond))).ToList();
        return
        [
            new ReportSection(
                "Scale curve",
                "the same load at the smallest size of each sweep (1 partition, 1 queue, 1,000 keys), same silo, same run",
                string.Create(CultureInfo.InvariantCulture,
                    $"One in-process silo (memory storage), a client over its TCP gateway. Partitions: {events:N0} events over 10,000 keys on a `count` stream of P partitions. Queues: {taskCount:N0} echo tasks spread over Q `fcfs` queues of concurrency 16. Keys: max({events:N0}, K) events over K keys on a 16-partition stream, so every key is held. Sizes: keys {string.Join(", ", keySizes.Select(k => k.ToString("N0", CultureInfo.InvariantCulture)))}."),
                rows)
            { Links = [Path.GetFileName(png)] },
        ];
    }

    private static void Declare(Dictionary<string, string?> settings, string stream, int partitions)
    {
        settings[$"RealtimeGrains:Streaming:Streams:{stream}:Processor"] = "count";
        settings[$"RealtimeGrains:Streaming:Streams:{stream}:Partitions"] = partitions.ToString(CultureInfo.InvariantCulture);
    }

    private static void Log(string line) => Console.Error.WriteLine("scale: " + line);
}
