using System.Globalization;
using RealtimeGrains.Benchmarks.Report;
using RealtimeGrains.Benchmarks.State;

namespace RealtimeGrains.Benchmarks.Failover;

/// <summary>A kill -9 under producer load as the report shows it, against the same load on the same cluster before the kill.</summary>
internal static class FailoverSections
{
    public static ReportSection Of(RecoveryResult r, string title)
    {
        var lost = Math.Max(0, r.EventsPublished - r.EventsAcked);
        var doubled = Math.Max(0, r.EventsApplied - r.EventsPublished);
        var rows = new List<ReportRow>
        {
            ReportRow.Of("kill → declared dead", r.KillToDeclaredDeadSeconds, format: "0.00", unit: "s"),
            ReportRow.Of("declared dead → every partition answers", r.DeclaredDeadToAllPartitionsAnswerSeconds, format: "0.00", unit: "s"),
            ReportRow.Text("kill → acknowledged rate back to 90% of the rate before the kill",
                r.KillToRateRecoveredSeconds is { } back ? ReportRow.Format(back, "0.0", "s") : "not back before the timeout"),
            ReportRow.Of("acknowledged events/s, the 5 s before the kill", r.PreKillEventsPerSecond, r.Steady.EventsPerSecond),
            ReportRow.Of("lowest acknowledged events/s after the kill (0.1 s windows)", r.LowestEventsPerSecondAfterKill, r.Steady.EventsPerSecond),
            ReportRow.Of("ack latency p50 over the run with the kill", r.Ack.P50Ms, r.Steady.AckP50Ms, "0.0", "ms"),
            ReportRow.Of("ack latency p99 over the run with the kill", r.Ack.P99Ms, r.Steady.AckP99Ms, "0.0", "ms"),
            ReportRow.Text("events published / acknowledged / applied", string.Create(CultureInfo.InvariantCulture, $"{r.EventsPublished:N0} / {r.EventsAcked:N0} / {r.EventsApplied:N0}")),
            ReportRow.Text("lost / doubled (goal 0 / 0)", string.Create(CultureInfo.InvariantCulture, $"{lost:N0} / {doubled:N0}")),
            ReportRow.Text("batches resent; duplicates dropped by the partitions", string.Create(CultureInfo.InvariantCulture, $"{r.BatchesResent:N0}; {r.DuplicatesDropped:N0}")),
        };
        return new ReportSection(
            title,
            "the same load on the same cluster just before, with no kill (warm-up run)",
            string.Create(CultureInfo.InvariantCulture,
                $"{r.Silos} real silo processes (`silo-config/cluster-redis.json`: Redis membership and storage, a redis-server of the run's own), {r.Partitions} partitions, {r.KeysFilled:N0} keys filled, the hot load over {r.HotKeys:N0} keys; the silo hosting partition 0 ({r.VictimPartitions} partitions) killed with SIGKILL mid-load; ack timeout {r.AckTimeoutMs} ms."),
            rows)
        { Passed = r.EventsAccountedFor };
    }
}
