using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>
/// <c>soak [--minutes N] [--warmup-minutes M] [--sample-seconds S] [--keys K] [--redis HOST:PORT] [--retention-minutes R] [--json]</c>:
/// events and echo tasks at full speed for N minutes against in-process silos, sampling memory, activations,
/// throughput (and Redis) every S seconds; then growth and throughput drift after warm-up, and a check that
/// every event and task is accounted for.
/// </summary>
internal static class SoakRun
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(string[] args)
    {
        SoakOptions options;
        try
        {
            options = SoakOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\nusage: {SoakOptions.Usage}");
            return 2;
        }

        await using var cluster = await BenchmarkCluster.StartAsync(options.SiloSettings(), options.Silos, redisClustering: options.Redis);
        await using var redis = options.Redis is null ? null : await RedisProbe.ConnectAsync(options.Redis);
        var queries = new StreamQueries(cluster.Client);
        var appliedBefore = (await queries.GetStatsAsync(EventLoad.Stream)).Total.EventsApplied;
        await using var events = new EventLoad(cluster.Client, options.Keys);
        var tasks = new TaskLoad(cluster.Client, "soak-" + Guid.NewGuid().ToString("N")[..8]);
        await tasks.StartAsync();
        events.Start();

        var samples = await SampleAsync(new SoakSampler(cluster.Client, events, tasks, redis), options, () => events.Running.IsCompleted || tasks.Running.IsCompleted);

        var drain = Stopwatch.StartNew();
        var producer = await events.StopAsync();
        var queue = await tasks.StopAsync(DrainTimeout);
        var applied = (await queries.GetStatsAsync(EventLoad.Stream)).Total.EventsApplied - appliedBefore;
        var checks = new SoakChecks(
            producer.EventsPublished, producer.EventsAcked, applied, producer.BatchesResent,
            tasks.Accepted, queue.Completed, queue.Failed, queue.Retried, Math.Round(drain.Elapsed.TotalSeconds, 1));

        var result = new SoakResult(
            Setup(options),
            $"Load: 64-byte events to stream `{EventLoad.Stream}` round robin over {options.Keys:N0} keys (one producer, {new ProducerOptions().MaxInFlightPerPartition} batches in flight per partition); " +
            $"echo tasks to queue `{tasks.Queue}` (FCFS, concurrency {TaskLoad.Concurrency}, {TaskLoad.Submitters} submitters, batches of {TaskLoad.Batch}, at most about {TaskLoad.MaxOutstanding:N0} outstanding).",
            "One process holds the silo(s) and the load generator (client, producer, task submitters): RSS and GC heap include both.",
            Environment.ProcessorCount,
            GCSettings.IsServerGC,
            options,
            samples,
            SoakSummary.From(samples, options.WarmupMinutes * 60),
            checks);
        ResultWriter.Write(result, options.Json, result.ToMarkdown());
        return checks.Passed ? 0 : 1;
    }

    /// <summary>Samples at start and every S seconds until N minutes passed, or until a load stopped by failing.</summary>
    private static async Task<List<SoakSample>> SampleAsync(SoakSampler sampler, SoakOptions options, Func<bool> loadStopped)
    {
        var samples = new List<SoakSample> { await sampler.SampleAsync() };
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SampleSeconds));
        while (sampler.Elapsed < TimeSpan.FromMinutes(options.Minutes) - TimeSpan.FromSeconds(0.5) && !loadStopped() && await timer.WaitForNextTickAsync())
        {
            samples.Add(await sampler.SampleAsync());
            var s = samples[^1];
            var store = s.RedisUsedMb is { } used ? string.Create(CultureInfo.InvariantCulture, $", Redis {used:N0} MB / {s.RedisKeys:N0} keys") : "";
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"soak {s.ElapsedSeconds:0} s: RSS {s.RssMb:N0} MB, GC heap {s.GcHeapMb:N0} MB, {s.Activations:N0} activations, {s.EventsPerSecond:N0} events/s, {s.TasksPerSecond:N0} tasks/s, {s.KeysHeld:N0} keys{store}"));
        }

        return samples;
    }

    private static string Setup(SoakOptions o) => o.Redis is null
        ? "1 in-process silo, embedded default (localhost clustering, memory storage)"
        : string.Create(CultureInfo.InvariantCulture,
            $"{o.Silos} in-process silos, Redis membership and storage at {o.Redis} (task outcomes expire after {o.RetentionMinutes} min)");
}
