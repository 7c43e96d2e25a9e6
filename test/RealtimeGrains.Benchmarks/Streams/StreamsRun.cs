using System.Globalization;
using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Benchmarks.Report;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.SystemTests.Infrastructure;

namespace RealtimeGrains.Benchmarks.Streams;

/// <summary>
/// <c>streams [--json] [--runs N] [--events N] [--tls]</c>: acknowledged events/s through RealtimeGrains (client → loopback
/// gateway → silo, 64-byte payloads, 10k keys, count processor, in-memory storage) against plain Orleans streams
/// in the same run, then ack latency at half the measured peak rate. <c>--tls</c> also runs a second silo whose client
/// connects with mutual TLS (<c>make-dev-certs.sh</c> certificates), alternating with the plaintext runs.
/// </summary>
internal static class StreamsRun
{
    private const int Keys = 10_000, PayloadBytes = 64, Partitions = 16;

    public static async Task<IReadOnlyList<ReportSection>> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var runs = RunArgs.Int(args, "--runs", 3);
        var events = RunArgs.Int(args, "--events", 1_000_000);
        var settings = new Dictionary<string, string?>
        {
            ["RealtimeGrains:Streaming:Streams:bench:Processor"] = "count",
            ["RealtimeGrains:Streaming:Streams:bench:Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
        };
        using var certificates = args.Contains("--tls") ? DevCertificates.Create() : null;
        await using var cluster = await BenchmarkCluster.StartAsync(settings, configure: (_, silo) => silo.AddBaselineStreams());
        await using var tlsCluster = certificates is null ? null : await BenchmarkCluster.StartAsync(settings, tls: certificates.Tls("silo"));
        var plan = new StreamLoadPlan("bench", events, Keys, PayloadBytes: PayloadBytes);
        await StreamLoad.RunAsync(cluster.Client, plan with { Events = events / 5 });
        await BaselineLoad.RunAsync(cluster.Client, events / 5, Keys, PayloadBytes, Partitions, 512, 64);
        if (tlsCluster is not null)
        {
            await StreamLoad.RunAsync(tlsCluster.Client, plan with { Events = events / 5 });
        }

        var ours = new List<double>();
        var baseline = new List<double>();
        var overTls = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            ours.Add((await StreamLoad.RunAsync(cluster.Client, plan)).EventsPerSecond);
            baseline.Add(await BaselineLoad.RunAsync(cluster.Client, events, Keys, PayloadBytes, Partitions, 512, 64));
            if (tlsCluster is not null)
            {
                overTls.Add((await StreamLoad.RunAsync(tlsCluster.Client, plan)).EventsPerSecond);
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}: realtimegrains {ours[^1]:N0} events/s, plain orleans {baseline[^1]:N0} events/s{(overTls.Count > 0 ? $", realtimegrains over TLS {overTls[^1]:N0} events/s" : "")}"));
        }

        var peak = RunArgs.Median(ours);
        var halfRate = new List<StreamLoadReport>();
        var halfRateTls = new List<StreamLoadReport>();
        for (var run = 0; run < runs; run++)
        {
            halfRate.Add(await StreamLoad.RunAsync(cluster.Client, plan with { Events = (long)(peak / 2 * 5), RatePerSecond = peak / 2 }));
            if (tlsCluster is not null)
            {
                halfRateTls.Add(await StreamLoad.RunAsync(tlsCluster.Client, plan with { Events = (long)(peak / 2 * 5), RatePerSecond = peak / 2 }));
            }
        }

        var result = new StreamsResult(
            runs, events, Keys, PayloadBytes, Environment.ProcessorCount,
            peak, RunArgs.Median(baseline), Math.Round(peak / RunArgs.Median(baseline), 2),
            Math.Round(peak / 2), RunArgs.Median(halfRate.Select(r => r.AckP50Ms).ToList()), RunArgs.Median(halfRate.Select(r => r.AckP99Ms).ToList()), RunArgs.Median(halfRate.Select(r => r.AckMaxMs).ToList()),
            ours, baseline,
            overTls.Count == 0 ? null : new TlsStreamsResult(
                RunArgs.Median(overTls), Math.Round(RunArgs.Median(overTls) / peak, 2), overTls,
                RunArgs.Median(halfRateTls.Select(r => r.AckP50Ms).ToList()), RunArgs.Median(halfRateTls.Select(r => r.AckP99Ms).ToList())));
        ResultWriter.Write(result, json, result.ToMarkdown());
        return [.. result.ToSections()];
    }
}
