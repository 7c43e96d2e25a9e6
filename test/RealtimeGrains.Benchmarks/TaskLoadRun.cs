using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Benchmarks;

/// <summary>
/// <c>tasks [--json] [--count N]</c>: one in-process silo (memory storage) and a client over its TCP gateway, one queue
/// with concurrency 64 running <c>echo</c>: completed tasks per second under a full backlog, then
/// submit→start latency while slots are free, then mean wait of SJF vs FCFS on one mixed workload.
/// </summary>
internal static class TaskLoadRun
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var count = args.SkipWhile(a => a != "--count").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(50_000);
        await using var cluster = await BenchmarkCluster.StartAsync(new Dictionary<string, string?>
        {
            ["RealtimeGrains:Scheduler:DefaultMaxLength"] = "1000000",
        });
        var tasks = new TaskClient(cluster.Client, TimeProvider.System);

        await ThroughputAsync(tasks, "warmup", Math.Min(count, 10_000));
        var throughput = await ThroughputAsync(tasks, "echo", count);
        var latency = await LatencyAsync(tasks, 3_000);
        var fcfs = await MixedWaitAsync(tasks, SchedulingPolicies.Fcfs);
        var sjf = await MixedWaitAsync(tasks, SchedulingPolicies.Sjf);

        var results = new TaskLoadResults(count, throughput, latency.P50, latency.P99, fcfs, sjf);
        Console.WriteLine(json ? JsonSerializer.Serialize(results, Json) : results.ToMarkdown());
        return 0;
    }

    /// <summary>Submits <paramref name="count"/> echo tasks in batches from 4 submitters, keeping at most 2,000 pending; returns completed/s.</summary>
    private static async Task<double> ThroughputAsync(TaskClient tasks, string queue, int count)
    {
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, concurrency: 64);
        var spec = new TaskSpec { Handler = "echo", Payload = "hello"u8.ToArray() };
        const int batch = 500;
        var clock = Stopwatch.StartNew();
        var submitted = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (Interlocked.Add(ref submitted, batch) - batch < count)
            {
                while ((await tasks.GetStatusAsync(queue)).Pending > 2_000)
                {
                    await Task.Delay(1);
                }

                await tasks.SubmitManyAsync(queue, [.. Enumerable.Repeat(spec, batch)]);
            }
        }));
        var total = (long)Math.Ceiling(count / (double)batch) * batch;
        while ((await tasks.GetStatusAsync(queue)).Completed < total)
        {
            await Task.Delay(1);
        }

        return total / clock.Elapsed.TotalSeconds;
    }

    /// <summary>8 submitters, one task at a time each (slots stay free): client submit to dispatch, in ms.</summary>
    private static async Task<(double P50, double P99)> LatencyAsync(TaskClient tasks, int count)
    {
        const string queue = "latency";
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, concurrency: 64);
        var spec = new TaskSpec { Handler = "echo", Payload = "hello"u8.ToArray() };
        var measured = new System.Collections.Concurrent.ConcurrentBag<double>();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                var at = DateTimeOffset.UtcNow;
                var id = await tasks.SubmitAsync(queue, spec);
                var done = await tasks.WaitForCompletionAsync(id);
                measured.Add((done.FirstStartedAt!.Value - at).TotalMilliseconds);
            }
        }));
        var latencies = measured.Order().ToArray();
        return (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    /// <summary>200 sleep tasks, 80% 2 ms and 20% 40 ms in a fixed shuffled order, costs given, concurrency 4: mean wait in ms.</summary>
    private static async Task<double> MixedWaitAsync(TaskClient tasks, string policy)
    {
        var queue = "mixed-" + policy;
        await tasks.CreateQueueAsync(queue, policy, concurrency: 4);
        await tasks.PauseAsync(queue);
        var random = new Random(42);
        var specs = Enumerable.Range(0, 200)
            .Select(i => i % 5 == 0 ? 40 : 2)
            .OrderBy(_ => random.Next())
            .Select(ms => new TaskSpec { Handler = "sleep", Payload = System.Text.Encoding.ASCII.GetBytes(ms.ToString(CultureInfo.InvariantCulture)), EstimatedCostMs = ms })
            .ToList();
        var ids = await tasks.SubmitManyAsync(queue, specs);
        await tasks.ResumeAsync(queue);
        foreach (var id in ids)
        {
            await tasks.WaitForCompletionAsync(id);
        }

        return (await tasks.ListTasksAsync(queue)).Average(t => t.WaitMs!.Value);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
