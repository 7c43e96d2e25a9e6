using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;
using RealtimeGrains.SystemTests.Failover;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// <c>state --recovery</c>: three real silo processes with Redis membership and Redis storage
/// (<c>silo-config/cluster-redis.json</c>, started as the failover system tests start them) on a <c>redis-server</c>
/// of its own; fill to <c>--recovery-keys</c>, run the hot load, kill -9 the silo hosting partition 0 after
/// <c>--recovery-kill-seconds</c>, and measure kill → declared dead, declared dead → every partition answers
/// <c>GetStats</c>, and kill → the acknowledged rate is back to 90% of its rate before the kill. The load then runs to
/// at least <c>--hot-events</c> events and is drained; its totals must show every event applied exactly once.
/// </summary>
internal static class RecoveryRun
{
    public const int Silos = 3;
    private const double RecoveredFraction = 0.9;
    private const double PreKillWindowSeconds = 5;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(3);

    public static async Task<RecoveryResult> RunAsync(StateOptions options)
    {
        var loadAtStart = StateRun.LoadAverage();
        var redis = new RedisServer();
        await redis.InitializeAsync();
        using var redisKill = StartedProcesses.Register(redis.KillAsync);
        try
        {
            var name = "state-recovery-" + Guid.NewGuid().ToString("N")[..8];
            await using var cluster = await RedisCluster.StartAsync(redis, name, Silos, options.SiloSettings());
            using var silosKill = StartedProcesses.Register(() =>
            {
                foreach (var silo in cluster.Silos.Where(s => !s.HasExited))
                {
                    silo.Kill();
                }

                return Task.CompletedTask;
            });
            StateRun.Log($"recovery: {Silos} silos (pids {string.Join(", ", cluster.Silos.Select(s => s.Pid))}) on Redis {redis.ConnectionString}");
            try
            {
                return await MeasureAsync(cluster, options) with { LoadAverageAtStart = loadAtStart, LoadAverageAtEnd = StateRun.LoadAverage() };
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                foreach (var silo in cluster.Silos)
                {
                    StateRun.Log($"recovery failed ({ex.GetType().Name}: {ex.Message}); silo pid {silo.Pid} {(silo.HasExited ? "exited" : "running")}, last log lines:\n{StateRun.Tail(silo.Log, 20)}");
                }

                throw;
            }
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    private static async Task<RecoveryResult> MeasureAsync(RedisCluster cluster, StateOptions options)
    {
        var timeout = TimeSpan.FromSeconds(options.RecoveryTimeoutSeconds);
        await using var connection = await cluster.ConnectAsync();
        var client = connection.Client;
        var queries = new StreamQueries(client);
        var hotByPartition = await StateRun.HotKeysByPartitionAsync(queries, options.HotKeys); // activates every partition
        var (fillRate, fillResent) = await KeyFill.RunAsync(client, StateOptions.Stream, 0, options.RecoveryKeys);
        StateRun.Log($"recovery: filled {options.RecoveryKeys:N0} keys at {fillRate:N0} keys/s ({fillResent:N0} batches resent)");
        var warmup = await StreamLoad.RunAsync(client, StateRun.HotPlan(options, options.WarmupEvents));
        StateRun.Log($"recovery: warm-up {warmup.Acked:N0} events, {warmup.EventsPerSecond:N0} events/s");
        await StateRun.SettleAsync(queries);
        var before = (await queries.GetStatsAsync(StateOptions.Stream)).Total;
        var countsBefore = await HotKeyCountAsync(queries, options.HotKeys);

        var management = Membership.Management(client);
        var partitions = Enumerable.Range(0, hotByPartition.Count)
            .Select(p => client.GetGrain<IPartitionGrain>(PartitionGrainKey.Format(StateOptions.Stream, p))).ToArray();
        var hosting = (await management.GetActivationAddress(partitions[0]))
            ?? throw new InvalidOperationException("partition 0 has no activation");
        var victim = cluster.Silos.Single(s => s.SiloPort == hosting.Endpoint.Port);
        var victimPartitions = 0;
        foreach (var partition in partitions)
        {
            victimPartitions += hosting.Equals(await management.GetActivationAddress(partition)) ? 1 : 0;
        }

        await using var load = new RecoveryLoad(client, options);
        load.Start();
        await Eventually.TrueAsync(() => Task.FromResult(load.Elapsed >= options.RecoveryKillSeconds || load.Publishing.IsCompleted),
            TimeSpan.FromSeconds(options.RecoveryKillSeconds + 30), "the load to run until the kill");
        if (load.Publishing.IsCompleted)
        {
            await load.Publishing; // the producer failed before the kill: its exception says why
        }

        var killAt = load.Elapsed;
        var preKill = load.Rate(Math.Max(1, killAt - PreKillWindowSeconds), killAt);
        victim.Kill();
        var sinceKill = Stopwatch.StartNew();
        StateRun.Log($"recovery: killed silo pid {victim.Pid} ({hosting}, {victimPartitions} of {partitions.Length} partitions) at {killAt:0.0} s, {preKill:N0} events/s before");

        var dead = await Membership.DeclaredDeadAsync(client, hosting, sinceKill, timeout);
        var sinceDead = Stopwatch.StartNew();
        var answered = await Task.WhenAll(partitions.Select(p => Membership.FirstAnswerAsync(p.GetStats, sinceDead, timeout)));
        var allAnswer = answered.Max();
        StateRun.Log($"recovery: declared dead {dead.TotalSeconds:0.00} s after the kill; every partition answered {allAnswer.TotalSeconds:0.00} s after that");

        double? recoveredAt = null;
        await Eventually.TrueAsync(
            () =>
            {
                recoveredAt = load.RecoveredAt(killAt, RecoveredFraction * preKill);
                var published = load.Statistics.EventsPublished;
                var tail = recoveredAt is { } r && load.Elapsed >= r + 2;
                return Task.FromResult(load.Publishing.IsCompleted || sinceKill.Elapsed >= timeout || tail && published >= options.HotEvents);
            },
            timeout + TimeSpan.FromSeconds(10),
            "the load to recover and reach --hot-events");
        var stopAt = load.Elapsed;
        var drain = Stopwatch.StartNew();
        var producer = await load.StopAsync(DrainTimeout);
        var ack = (Ms(load.AckLatency.Percentile(0.5)), Ms(load.AckLatency.Percentile(0.99)));
        var drainSeconds = drain.Elapsed.TotalSeconds;
        StateRun.Log($"recovery: {(recoveredAt is { } at ? $"rate back to {RecoveredFraction:P0} {at - killAt:0.0} s after the kill" : "rate NOT back before the timeout")}; {producer.EventsAcked:N0} events acked, drained in {drainSeconds:0.0} s");

        await StateRun.SettleAsync(queries);
        var after = await queries.GetStatsAsync(StateOptions.Stream);
        var countsAfter = await HotKeyCountAsync(queries, options.HotKeys);
        return new RecoveryResult(
            Silos,
            partitions.Length,
            victimPartitions,
            options.RecoveryKeys,
            Math.Round(fillRate),
            after.Total.Keys,
            options.HotKeys,
            options.AckTimeoutMs,
            Math.Round(preKill),
            Math.Round(load.Timeline(killAt + 1, stopAt, 0.1).Select(p => p.EventsPerSecond).DefaultIfEmpty(0).Min()),
            Math.Round(dead.TotalSeconds, 3),
            Math.Round(allAnswer.TotalSeconds, 3),
            recoveredAt is { } recovered ? Math.Round(recovered - killAt, 2) : null,
            recoveredAt is { } from && stopAt > from ? Math.Round(load.Rate(from, stopAt)) : null,
            Math.Round(stopAt, 2),
            Math.Round(drainSeconds, 2),
            producer.EventsPublished,
            producer.EventsAcked,
            after.Total.EventsApplied - before.EventsApplied,
            countsAfter - countsBefore,
            producer.BatchesResent,
            after.Total.DuplicatesDropped - before.DuplicatesDropped,
            null,
            null,
            [.. load.Timeline(Math.Max(1, killAt - PreKillWindowSeconds), stopAt, 0.5).Select(p => new RatePoint(Math.Round(p.Seconds - killAt, 1), Math.Round(p.EventsPerSecond)))])
        {
            Steady = (warmup.EventsPerSecond, warmup.AckP50Ms, warmup.AckP99Ms),
            Ack = ack,
        };
    }

    private static double Ms(TimeSpan value) => Math.Round(value.TotalMilliseconds, 2);

    /// <summary>The sum of the hot keys' event counts, read key by key (64 queries at a time).</summary>
    private static async Task<long> HotKeyCountAsync(StreamQueries queries, int hotKeys)
    {
        long sum = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, hotKeys), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (k, _) =>
        {
            var state = await queries.GetKeyAsync(StateOptions.Stream, "key-" + k.ToString(CultureInfo.InvariantCulture));
            Interlocked.Add(ref sum, state is null ? 0 : long.Parse(state.Json, CultureInfo.InvariantCulture));
        });
        return sum;
    }
}
