using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;
using RealtimeGrains.Testing;
using RealtimeGrains.SystemTests.Failover;
using RealtimeGrains.SystemTests.Infrastructure;

namespace RealtimeGrains.Benchmarks.ScaleOut;

/// <summary>
/// Three silo processes on Redis (membership and state), a producer paced at <c>rate</c> events/s for 12 s, and (unless
/// this is the control run) kill -9 of the silo holding partition 0 at 4 s: the run's ack p50/p99/max, when membership
/// declared the silo dead, when the acknowledged rate was back to full (every 1 s window from then to the end of
/// publishing acknowledged 90% of the pace or more; the control run gives the same figure from 4 s without a kill, so the
/// machine's own stalls are seen apart from the kill's), and whether every event was applied exactly once (the per-key
/// counts add up to what was published).
/// </summary>
internal static class PacedFailover
{
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan KillAt = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    public static async Task<FailoverResult> RunAsync(int rate, int keys, bool kill)
    {
        var redis = new RedisServer();
        await redis.InitializeAsync();
        try
        {
            await using var cluster = await RedisCluster.StartAsync(redis, "scaleout-failover", 3);
            await using var connection = await cluster.ConnectAsync();
            var client = connection.Client;
            var queries = new StreamQueries(client);
            await queries.GetStatsAsync(ScaleOutRun.Stream);
            await StreamLoad.RunAsync(client, new StreamLoadPlan(ScaleOutRun.Stream, rate * 2L, keys, RatePerSecond: rate));

            var hosting = (await Membership.Management(client).GetActivationAddress(client.GetGrain<IPartitionGrain>(PartitionGrainKey.Format(ScaleOutRun.Stream, 0))))!;
            var victim = cluster.Silos.Single(s => s.SiloPort == hosting.Endpoint.Port);
            var names = Enumerable.Range(0, keys).Select(k => "failover-" + k.ToString(CultureInfo.InvariantCulture)).ToArray();
            var payload = new byte[64];
            var events = (long)(rate * Length.TotalSeconds);
            var producer = new StreamProducer(client);
            await using var _ = producer;
            var clock = Stopwatch.StartNew();
            var samples = new List<(TimeSpan At, long Acked)>();
            using var sampler = new Timer(_ =>
            {
                lock (samples)
                {
                    samples.Add((clock.Elapsed, producer.Statistics.EventsAcked));
                }
            }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
            Task<TimeSpan>? declaredDead = null;
            var sinceKill = new Stopwatch();
            for (long i = 0; i < events; i++)
            {
                await producer.PublishAsync(ScaleOutRun.Stream, names[i % names.Length], payload);
                if (!sinceKill.IsRunning && clock.Elapsed >= KillAt)
                {
                    sinceKill.Start();
                    if (kill)
                    {
                        victim.Kill();
                        declaredDead = Membership.DeclaredDeadAsync(client, hosting, sinceKill, TimeSpan.FromSeconds(60));
                    }
                }

                if (i % 256 == 255 && TimeSpan.FromSeconds(i / (double)rate) - clock.Elapsed is { Ticks: > 0 } ahead)
                {
                    await Task.Delay(ahead);
                }
            }

            var published = clock.Elapsed;
            await producer.FlushAsync();
            var drained = clock.Elapsed;
            long counted = 0;
            foreach (var name in names)
            {
                counted += (await queries.GetKeyAsync(ScaleOutRun.Stream, name))?.Count ?? 0;
            }

            List<(TimeSpan At, long Acked)> series;
            lock (samples)
            {
                series = [.. samples];
            }

            var killedAt = clock.Elapsed - sinceKill.Elapsed;
            return new FailoverResult(
                kill,
                rate,
                events,
                counted,
                producer.Statistics.BatchesResent,
                Ms(producer.AckLatency.Percentile(0.5)),
                Ms(producer.AckLatency.Percentile(0.99)),
                Ms(producer.AckLatency.Max),
                declaredDead is null ? double.NaN : Math.Round((await declaredDead).TotalSeconds, 2),
                BackToFullRate(series, killedAt, published, rate),
                Math.Round((drained - published).TotalSeconds, 2),
                ScaleOutRun.MachineLoad());
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    /// <summary>Seconds from the kill until every later 1 s window (to the end of publishing) acknowledged at least 90% of the pace.</summary>
    private static double BackToFullRate(List<(TimeSpan At, long Acked)> series, TimeSpan killedAt, TimeSpan published, int rate)
    {
        var need = 0.9 * rate * Window.TotalSeconds;
        var lastShort = killedAt;
        for (var i = 0; i < series.Count; i++)
        {
            var (at, acked) = series[i];
            if (at < killedAt || at + Window > published)
            {
                continue;
            }

            var end = series.FindIndex(i, s => s.At >= at + Window);
            if (end >= 0 && series[end].Acked - acked < need * (series[end].At - at).TotalSeconds / Window.TotalSeconds)
            {
                lastShort = series[end].At;
            }
        }

        return Math.Round((lastShort - killedAt).TotalSeconds, 2);
    }

    private static double Ms(TimeSpan value) => Math.Round(value.TotalMilliseconds, 1);
}
