using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Benchmarks.Report;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Benchmarks.Tasks;

/// <summary>
/// <c>tasks [--json] [--count N] [--runs N] [--warmup N] [--redis HOST:PORT]</c>: one in-process silo (memory storage,
/// or Redis with <c>--redis</c>) and a client
/// over its TCP gateway. Completed echo tasks per second on one queue with concurrency 64 under a full
/// backlog, against plain Orleans doing the same flow in the same process; then submit→start latency
/// while slots are free; then the mean wait of SJF vs FCFS on one mixed workload.
/// </summary>
internal static class TasksRun
{
    private const int Concurrency = 64, Batch = 500, Submitters = 4, MaxPending = 2_000, DeepQueue = 100_000;

    public static async Task<IReadOnlyList<ReportSection>> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var count = RunArgs.Int(args, "--count", 100_000);
        var runs = RunArgs.Int(args, "--runs", 5);
        var warmup = RunArgs.Int(args, "--warmup", 200_000);
        var settings = new Dictionary<string, string?>
        {
            ["RealtimeGrains:Scheduler:DefaultMaxLength"] = "1000000",
        };
        if (RunArgs.String(args, "--redis") is { } redis)
        {
            // Queues and task outcomes in Redis, as a multi-silo deployment keeps them.
            settings["RealtimeGrains:Storage:Provider"] = "redis";
            settings["RealtimeGrains:Redis:ConnectionString"] = redis;
        }

        await using var cluster = await BenchmarkCluster.StartAsync(settings);
        var tasks = new TaskClient(cluster.Client, TimeProvider.System);
        var plain = cluster.Client.GetGrain<IBaselineQueueGrain>("plain");

        // Tiered JIT and the thread pool take a few hundred thousand calls to settle; a silo that has
        // run for a while is what the figures describe (the first run is reported as the cold rate).
        var cold = await OursAsync(tasks, "warmup", warmup);
        await PlainAsync(cluster.Client, "warmup", warmup);

        var ours = new List<double>();
        var baseline = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            ours.Add(await OursAsync(tasks, $"echo-{run}", count));
            baseline.Add(await PlainAsync(cluster.Client, $"echo-{run}", count));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: realtimegrains {ours[^1]:N0} tasks/s, plain orleans {baseline[^1]:N0} tasks/s"));
        }

        var deep = await DeepQueueAcceptsAsync(tasks, DeepQueue);
        var latency = await LatencyAsync(tasks, 3_000);
        var fcfs = await MixedWaitAsync(tasks, SchedulingPolicies.Fcfs);
        var sjf = await MixedWaitAsync(tasks, SchedulingPolicies.Sjf);

        var result = new TasksResult(
            count, runs, warmup, Environment.ProcessorCount, cold, DeepQueue, deep,
            RunArgs.Median(ours), RunArgs.Median(baseline), Math.Round(RunArgs.Median(ours) / RunArgs.Median(baseline), 2),
            latency.P50, latency.P99, fcfs, sjf, ours, baseline);
        ResultWriter.Write(result, json, result.ToMarkdown());
        return [.. result.ToSections()];
    }

    private static async Task<double> OursAsync(TaskClient tasks, string queue, int count)
    {
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, concurrency: Concurrency);
        var specs = Enumerable.Repeat(new TaskSpec { Handler = "echo", Payload = "hello"u8.ToArray() }, Batch).ToList();
        return await DriveAsync(
            count,
            () => tasks.SubmitManyAsync(queue, specs),
            async () => await tasks.GetStatusAsync(queue) is var s ? (s.Pending, s.Completed) : default);
    }

    private static async Task<double> PlainAsync(IClusterClient client, string queue, int count)
    {
        var grain = client.GetGrain<IBaselineQueueGrain>(queue);
        var payloads = Enumerable.Repeat("hello"u8.ToArray(), Batch).ToList();
        return await DriveAsync(
            count,
            () => grain.SubmitMany(payloads, Concurrency),
            async () => await grain.GetStatus() is var s ? (s.Pending, s.Completed) : default);
    }

    /// <summary>
    /// Submits <paramref name="count"/> tasks (rounded up to whole batches) from 4 submitters in batches of
    /// 500, keeping at most 2,000 pending; returns completed tasks per second.
    /// </summary>
    private static async Task<double> DriveAsync(int count, Func<Task> submitBatch, Func<Task<(int Pending, long Completed)>> status)
    {
        var clock = Stopwatch.StartNew();
        var submitted = 0;
        await Task.WhenAll(Enumerable.Range(0, Submitters).Select(async _ =>
        {
            while (Interlocked.Add(ref submitted, Batch) - Batch < count)
            {
                while ((await status()).Pending > MaxPending)
                {
                    await Task.Delay(1);
                }

                await submitBatch();
            }
        }));
        var total = (long)Math.Ceiling(count / (double)Batch) * Batch;
        while ((await status()).Completed < total)
        {
            await Task.Delay(1);
        }

        return total / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Accepted tasks per second while a paused queue fills up to <paramref name="count"/> pending (4 submitters, batches of 500).</summary>
    private static async Task<double> DeepQueueAcceptsAsync(TaskClient tasks, int count)
    {
        const string queue = "deep";
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, concurrency: Concurrency);
        await tasks.PauseAsync(queue);
        var specs = Enumerable.Repeat(new TaskSpec { Handler = "echo", Payload = "hello"u8.ToArray() }, Batch).ToList();
        var clock = Stopwatch.StartNew();
        var submitted = 0;
        await Task.WhenAll(Enumerable.Range(0, Submitters).Select(async _ =>
        {
            while (Interlocked.Add(ref submitted, Batch) <= count)
            {
                await tasks.SubmitManyAsync(queue, specs);
            }
        }));
        var rate = count / clock.Elapsed.TotalSeconds;
        await tasks.ResumeAsync(queue);
        while ((await tasks.GetStatusAsync(queue)).Completed < count)
        {
            await Task.Delay(10);
        }

        return rate;
    }

    /// <summary>8 submitters, one task at a time each (slots stay free): client submit to first start, in ms.</summary>
    private static async Task<(double P50, double P99)> LatencyAsync(TaskClient tasks, int count)
    {
        const string queue = "latency";
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, concurrency: Concurrency);
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
