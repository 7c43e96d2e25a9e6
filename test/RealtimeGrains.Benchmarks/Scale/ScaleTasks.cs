using System.Diagnostics;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Benchmarks.Scale;

/// <summary>
/// Completed echo tasks per second when the same number of tasks is spread over <c>queues</c> queues (concurrency 16
/// each), 4 submitters in batches of 500 going round the queues, at most 2,000 pending per queue.
/// </summary>
internal static class ScaleTasks
{
    private const int Batch = 500, Submitters = 4, MaxPendingPerQueue = 2_000, Concurrency = 16;

    public static async Task<double> RunAsync(TaskClient tasks, string prefix, int queues, int count)
    {
        var names = Enumerable.Range(0, queues).Select(q => $"{prefix}-{q}").ToArray();
        foreach (var name in names)
        {
            await tasks.CreateQueueAsync(name, SchedulingPolicies.Fcfs, concurrency: Concurrency);
        }

        var specs = Enumerable.Repeat(new TaskSpec { Handler = "echo", Payload = "hello"u8.ToArray() }, Batch).ToList();
        var batches = (count + Batch - 1) / Batch;
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Submitters).Select(async _ =>
        {
            for (var b = Interlocked.Increment(ref next); b < batches; b = Interlocked.Increment(ref next))
            {
                var queue = names[b % names.Length];
                while ((await tasks.GetStatusAsync(queue)).Pending > MaxPendingPerQueue)
                {
                    await Task.Delay(1);
                }

                await tasks.SubmitManyAsync(queue, specs);
            }
        }));

        long total = (long)batches * Batch;
        while ((await Task.WhenAll(names.Select(n => tasks.GetStatusAsync(n)))).Sum(s => s.Completed) < total)
        {
            await Task.Delay(5);
        }

        return total / clock.Elapsed.TotalSeconds;
    }
}
