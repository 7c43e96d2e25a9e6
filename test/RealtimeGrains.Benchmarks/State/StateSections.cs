using System.Globalization;
using RealtimeGrains.Benchmarks.Failover;
using RealtimeGrains.Benchmarks.Report;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>A <c>state</c> run's figures for the report: per storage, each size of state against the smallest.</summary>
internal static class StateSections
{
    public static IEnumerable<ReportSection> Of(StateResult result)
    {
        foreach (var sweep in result.Sweeps)
        {
            var first = sweep.Sizes[0];
            var rows = new List<ReportRow>();
            foreach (var size in sweep.Sizes)
            {
                var held = size.KeysHeld.ToString("N0", CultureInfo.InvariantCulture);
                rows.Add(ReportRow.Of($"{held} keys held: events/s (runs {size.EventsPerSecondMin:N0}–{size.EventsPerSecondMax:N0})", size.EventsPerSecond, first.EventsPerSecond));
                rows.Add(ReportRow.Of($"{held} keys held: ack p99", size.AckP99Ms, first.AckP99Ms, "0.0", "ms"));
                rows.Add(ReportRow.Of($"{held} keys held: bytes per checkpoint", size.BytesPerCheckpoint, first.BytesPerCheckpoint));
                if (size.MarginalRssBytesPerKey is { } perKey)
                {
                    rows.Add(ReportRow.Text($"{held} keys held: silo Δ RSS per key", ReportRow.Format(perKey, "N0", "bytes")));
                }
            }

            rows.Add(ReportRow.Text("every event acknowledged once and applied once", sweep.EventsAccountedFor ? "yes" : "NO"));
            yield return new ReportSection(
                $"Keyed state, {sweep.Storage} storage",
                string.Create(CultureInfo.InvariantCulture, $"the same hot load with the smallest state ({first.KeysHeld:N0} keys held), same silo, same run"),
                string.Create(CultureInfo.InvariantCulture,
                    $"A real silo process ({sweep.Partitions} partitions) filled to each size, then the hot load ({result.Options.HotEvents:N0} events over {result.Options.HotKeys:N0} keys), median of {result.Options.Runs} runs per size."),
                rows)
            { Passed = sweep.EventsAccountedFor };
        }

        if (result.Recovery is { } recovery)
        {
            yield return FailoverSections.Of(recovery, "Keyed state: kill -9 of a silo holding state");
        }
    }
}
