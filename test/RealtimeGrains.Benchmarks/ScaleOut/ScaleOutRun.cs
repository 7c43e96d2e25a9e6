using System.Globalization;
using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.SystemTests.Infrastructure;

namespace RealtimeGrains.Benchmarks.ScaleOut;

/// <summary>
/// <c>scaleout [--events N] [--keys K] [--runs R] [--silos 1,2,3] [--failover-rate R] [--json]</c>: the event path on 1, 2 and 3
/// real silo processes (localhost clustering, memory storage, the same cores), the client given every silo's gateway:
/// acked events/s, ack p50/p99 and silo hops per batch (from the silos' <c>rtg.stream.batch_hops</c>); then 3 silos on
/// Redis with one killed (kill -9) under a paced load: the run's ack p99, time back to full rate, events lost or doubled.
/// </summary>
internal static class ScaleOutRun
{
    public const string Stream = "events";

    public static async Task<int> RunAsync(string[] args)
    {
        var events = RunArgs.Long(args, "--events", 1_000_000);
        var keys = RunArgs.Int(args, "--keys", 10_000);
        var runs = RunArgs.Int(args, "--runs", 3);
        var counts = RunArgs.Longs(args, "--silos", [1, 2, 3]);
        var failoverRate = RunArgs.Int(args, "--failover-rate", 100_000);
        var rows = new List<ScaleOutRow>();
        foreach (var silos in counts)
        {
            rows.Add(await MeasureAsync((int)silos, events, keys, runs));
        }

        var failover = new List<FailoverResult>();
        if (failoverRate > 0)
        {
            foreach (var kill in new[] { false, true })
            {
                failover.Add(await PacedFailover.RunAsync(failoverRate, keys: 2_000, kill));
                Console.Error.WriteLine($"failover ({(kill ? "kill -9" : "control")}): back to full rate {failover[^1].BackToFullRateSeconds} s, ack p99 {failover[^1].AckP99Ms} ms");
            }
        }

        var result = new ScaleOutResult(events, keys, runs, MachineLoad(), rows, failover);
        ResultWriter.Write(result, args.Contains("--json"), result.ToMarkdown());
        return 0;
    }

    private static async Task<ScaleOutRow> MeasureAsync(int silos, long events, int keys, int runs)
    {
        var started = new List<SiloProcess>();
        try
        {
            var settings = new Dictionary<string, string> { ["RealtimeGrains__Silo__Dashboard"] = "false" };
            started.Add(SiloProcess.Start(settings: settings));
            for (var i = 1; i < silos; i++)
            {
                started.Add(SiloProcess.Start(started[0].SiloPort, settings));
            }

            await Task.WhenAll(started.Select(s => s.WaitActiveAsync(TimeSpan.FromSeconds(90))));
            await using var connection = await RealtimeGrainsConnection.ConnectAsync(o =>
            {
                o.Gateways.Clear();
                started.ForEach(s => o.Gateways.Add(s.Gateway));
            });
            await WaitForSilosAsync(connection.Client, silos);
            var plan = new StreamLoadPlan(Stream, events, keys);
            for (var warmUp = 0; warmUp < 2; warmUp++)
            {
                await StreamLoad.RunAsync(connection.Client, plan with { Events = events / 4 });
            }

            var hopsBefore = await BatchHops.ScrapeAsync(started);
            var reports = new List<StreamLoadReport>();
            for (var run = 0; run < runs; run++)
            {
                reports.Add(await StreamLoad.RunAsync(connection.Client, plan));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{silos} silo(s), run {run + 1}: {reports[^1].EventsPerSecond:N0} events/s, ack p50 {reports[^1].AckP50Ms} ms, p99 {reports[^1].AckP99Ms} ms, load {MachineLoad()}"));
            }

            var hops = (await BatchHops.ScrapeAsync(started)) - hopsBefore;
            return new ScaleOutRow(
                silos,
                [.. reports.Select(r => r.EventsPerSecond)],
                RunArgs.Median(reports.Select(r => r.EventsPerSecond)),
                RunArgs.Median(reports.Select(r => r.AckP50Ms)),
                RunArgs.Median(reports.Select(r => r.AckP99Ms)),
                [.. reports.Select(r => r.AckP99Ms)],
                hops.PerBatch,
                hops.Batches);
        }
        finally
        {
            foreach (var silo in started)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task WaitForSilosAsync(IClusterClient client, int silos) =>
        await RealtimeGrains.Testing.Eventually.TrueAsync(
            async () => (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == silos,
            TimeSpan.FromSeconds(60), $"{silos} active silos");

    /// <summary>The 1-minute load average: the machine is shared, so every figure is quoted with it.</summary>
    public static string MachineLoad() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
