using System.Globalization;
using System.Text;

namespace RealtimeGrains.Benchmarks.ScaleOut;

/// <summary>One silo count: medians of the runs, each run's rate and p99, and silo hops per batch over the measured runs.</summary>
internal sealed record ScaleOutRow(int Silos, double[] Rates, double EventsPerSecond, double AckP50Ms, double AckP99Ms, double[] AckP99s, double HopsPerBatch, double Batches);

internal sealed record FailoverResult(
    bool Killed, int Rate, long Published, long Counted, long Resent, double AckP50Ms, double AckP99Ms, double AckMaxMs, double DeclaredDeadSeconds,
    double BackToFullRateSeconds, double DrainSeconds, string LoadAverage);

internal sealed record ScaleOutResult(long Events, int Keys, int Runs, string LoadAverage, IReadOnlyList<ScaleOutRow> Rows, IReadOnlyList<FailoverResult> Failover)
{
    public string ToMarkdown()
    {
        var one = Rows.FirstOrDefault(r => r.Silos == 1);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"{Events:N0} events over {Keys:N0} keys per run, median of {Runs} runs after 2 warm-ups; load average at the end {LoadAverage}");
        md.AppendLine();
        md.AppendLine("| silo processes | acked events/s (runs) | vs 1 silo | ack p50 | ack p99 (runs) | p99 vs 1 silo | silo hops per batch |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in Rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Silos} | {r.EventsPerSecond:N0} ({string.Join(" / ", r.Rates.Select(v => (v / 1000).ToString("N0", CultureInfo.InvariantCulture) + "k"))}) | {Ratio(r.EventsPerSecond, one?.EventsPerSecond)} | {r.AckP50Ms:0.#} ms | {r.AckP99Ms:0.#} ms ({string.Join(" / ", r.AckP99s.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}) | {Ratio(r.AckP99Ms, one?.AckP99Ms)} | {r.HopsPerBatch:0.00} ({r.Batches:N0} batches) |");
        }

        if (Failover.Count > 0)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"3 silo processes on Redis, 12 s paced at {Failover[0].Rate:N0} events/s; kill -9 of the silo holding partition 0 at 4 s, and a control run without the kill:");
            md.AppendLine();
            md.AppendLine("| run | ack p50 | ack p99 | ack max | declared dead | back to full rate (every later 1 s window >= 90% of the pace) | drain after last publish | batches resent | published / applied | load average |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var f in Failover)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {(f.Killed ? "kill -9 at 4 s" : "control, no kill")} | {f.AckP50Ms:0.#} ms | {f.AckP99Ms:0.#} ms | {f.AckMaxMs:0.#} ms | {(f.Killed ? f.DeclaredDeadSeconds.ToString("0.00 s", CultureInfo.InvariantCulture) : "-")} | {f.BackToFullRateSeconds:0.00} s | {f.DrainSeconds:0.00} s | {f.Resent:N0} | {f.Published:N0} / {f.Counted:N0} | {f.LoadAverage} |");
            }
        }

        return md.ToString();
    }

    private static string Ratio(double value, double? baseline) =>
        baseline is > 0 ? (value / baseline.Value).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";
}
