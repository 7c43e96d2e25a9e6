using System.Globalization;
using System.Text;
using RealtimeGrains.Benchmarks.Report;

namespace RealtimeGrains.Benchmarks.Streams;

/// <summary>Medians of a <c>streams</c> benchmark run.</summary>
internal sealed record StreamsResult(
    int Runs, long Events, int Keys, int PayloadBytes, int Cores,
    double AckedEventsPerSecond, double PlainOrleansEventsPerSecond, double Ratio,
    double HalfRateEventsPerSecond, double HalfRateAckP50Ms, double HalfRateAckP99Ms, double HalfRateAckMaxMs,
    IReadOnlyList<double> AckedRuns, IReadOnlyList<double> PlainRuns, TlsStreamsResult? Tls) : IReportResult
{
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Streams: {Events:N0} events, {Keys:N0} keys, {PayloadBytes}-byte payloads, {Cores} cores, median of {Runs} runs");
        md.AppendLine();
        md.AppendLine("| measure | RealtimeGrains | plain Orleans | ratio |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| events/s (acknowledged for RealtimeGrains, applied for plain) | {AckedEventsPerSecond:N0} | {PlainOrleansEventsPerSecond:N0} | {Ratio:0.00} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| runs, events/s | {string.Join(" / ", AckedRuns.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} | {string.Join(" / ", PlainRuns.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| ack latency at {HalfRateEventsPerSecond:N0} events/s (half the peak): p50 / p99 / max ms | {HalfRateAckP50Ms:0.0} / {HalfRateAckP99Ms:0.0} / {HalfRateAckMaxMs:0.0} | | |");
        if (Tls is not null)
        {
            md.AppendLine();
            md.AppendLine("| measure | RealtimeGrains over TLS | RealtimeGrains plaintext | ratio |");
            md.AppendLine("|---|---|---|---|");
            md.AppendLine(CultureInfo.InvariantCulture, $"| acknowledged events/s | {Tls.EventsPerSecond:N0} | {AckedEventsPerSecond:N0} | {Tls.Ratio:0.00} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| runs, events/s | {string.Join(" / ", Tls.Runs.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} | {string.Join(" / ", AckedRuns.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} | |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| ack latency at {HalfRateEventsPerSecond:N0} events/s: p50 / p99 ms | {Tls.HalfRateAckP50Ms:0.0} / {Tls.HalfRateAckP99Ms:0.0} | {HalfRateAckP50Ms:0.0} / {HalfRateAckP99Ms:0.0} | |");
        }

        return md.ToString();
    }

    public IEnumerable<ReportSection> ToSections()
    {
        var setup = string.Create(CultureInfo.InvariantCulture,
            $"One in-process silo (memory storage, `count` processor, 16 partitions), a client over its loopback TCP gateway; {Events:N0} events per run, {Keys:N0} keys, {PayloadBytes}-byte payloads; median of {Runs} runs.");
        yield return new ReportSection(
            "Streams",
            "plain Orleans streams: the same packed batches from the client into the same memory stream provider, counted when a grain applied them (no CRC, dedup, checkpoint or ack)",
            setup,
            [
                ReportRow.Of("events/s (acknowledged; plain: applied)", AckedEventsPerSecond, PlainOrleansEventsPerSecond),
                new ReportRow("runs, events/s", ReportRow.Runs(AckedRuns), ReportRow.Runs(PlainRuns)),
                ReportRow.Text(string.Create(CultureInfo.InvariantCulture, $"ack latency at {HalfRateEventsPerSecond:N0} events/s (half the peak): p50 / p99 / max"),
                    string.Create(CultureInfo.InvariantCulture, $"{HalfRateAckP50Ms:0.0} / {HalfRateAckP99Ms:0.0} / {HalfRateAckMaxMs:0.0} ms")),
            ]);
        if (Tls is not null)
        {
            yield return new ReportSection(
                "Streams over mutual TLS",
                "RealtimeGrains in plaintext, the same load, runs alternating",
                setup,
                [
                    ReportRow.Of("acknowledged events/s", Tls.EventsPerSecond, AckedEventsPerSecond),
                    new ReportRow("runs, events/s", ReportRow.Runs(Tls.Runs), ReportRow.Runs(AckedRuns)),
                    ReportRow.Of("ack p99 at half the plaintext peak", Tls.HalfRateAckP99Ms, HalfRateAckP99Ms, "0.0", "ms"),
                ]);
        }
    }
}
