using System.Globalization;
using System.Text;

namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>A <see cref="SoakResult"/> as markdown: a plot-ready sample table, then the summary and the checks.</summary>
internal static class SoakMarkdown
{
    public static string Write(SoakResult result)
    {
        var o = result.Options;
        var redis = o.Redis is not null;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Soak: {result.Setup}; {o.Minutes} min ({o.WarmupMinutes} min warm-up), a sample every {o.SampleSeconds} s, {result.Cores} cores, {(result.ServerGc ? "server" : "workstation")} GC");
        md.AppendLine();
        md.AppendLine(result.Load);
        md.AppendLine();
        md.AppendLine(result.Note);
        md.AppendLine();
        md.AppendLine("| s | RSS MB | GC heap MB | managed MB | gen2 GCs | activations | events/s | tasks/s | tasks pending | keys held |" + (redis ? " Redis MB | Redis keys |" : ""));
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|" + (redis ? "---|---|" : ""));
        foreach (var s in result.Samples)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {s.ElapsedSeconds:0} | {s.RssMb:0.0} | {s.GcHeapMb:0.0} | {s.ManagedMb:0.0} | {s.Gen2Collections} | {s.Activations} | {s.EventsPerSecond:0} | {s.TasksPerSecond:0} | {s.TasksPending} | {s.KeysHeld} |");
            md.AppendLine(redis ? string.Create(CultureInfo.InvariantCulture, $" {s.RedisUsedMb:0.0} | {s.RedisKeys} |") : "");
        }

        md.AppendLine();
        WriteSummary(md, result.Summary);
        WriteChecks(md, result.Checks);
        return md.ToString();
    }

    private static void WriteSummary(StringBuilder md, SoakSummary? summary)
    {
        if (summary is null)
        {
            md.AppendLine("Too few samples after warm-up for a summary.");
            md.AppendLine();
            return;
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"After warm-up ({summary.WarmupEndSeconds:0} s → {summary.EndSeconds:0} s):");
        md.AppendLine();
        md.AppendLine("| measure | at warm-up end | at end | slope per minute | growth |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var g in summary.Growth)
        {
            var unit = g.Unit.Length > 0 ? " " + g.Unit : "";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {g.Measure} | {g.AtWarmupEnd:#,0.#}{unit} | {g.AtEnd:#,0.#}{unit} | {Signed(g.SlopePerMinute)}{unit}/min | {Signed(g.GrowthPercent)} % |");
        }

        md.AppendLine();
        md.AppendLine("| rate | first window | last window | last / first | mean | slope per minute |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var t in summary.Throughput)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.Measure} | {t.FirstWindow:N0} | {t.LastWindow:N0} | {(t.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "n/a")} | {t.Mean:N0} | {Signed(t.SlopePerMinute)}/s per min |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Windows: the first and the last {summary.Throughput[0].WindowSeconds:0.#} s after warm-up, widened to the nearest samples.");
        md.AppendLine();
    }

    private static void WriteChecks(StringBuilder md, SoakChecks c)
    {
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Events: {c.EventsPublished:N0} published, {c.EventsAcked:N0} acknowledged, {c.EventsApplied:N0} applied ({c.BatchesResent:N0} batches resent): {Verdict(c.EventsAccountedFor)}.");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Tasks: {c.TasksAccepted:N0} accepted, {c.TasksCompleted:N0} completed, {c.TasksFailed:N0} failed ({c.TasksRetried:N0} retried attempts): {Verdict(c.TasksAccountedFor)}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Drained {c.DrainSeconds:0.0} s after the load stopped.");
    }

    private static string Signed(double? value) =>
        value is { } v ? v.ToString("+#,0.##;-#,0.##;0", CultureInfo.InvariantCulture) : "n/a";

    private static string Verdict(bool ok) => ok ? "all accounted for" : "MISMATCH";
}
