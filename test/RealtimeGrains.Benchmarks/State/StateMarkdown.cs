using System.Globalization;
using System.Text;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>A <see cref="StateResult"/> as markdown: per storage a rate table and a cost table, a legend, then the recovery.</summary>
internal static class StateMarkdown
{
    private const double MiB = 1048576.0;

    public static string Write(StateResult result)
    {
        var o = result.Options;
        var md = new StringBuilder();
        if (result.Sweeps.Count > 0)
        {
            var partitions = result.Sweeps[0].Partitions;
            Line(md, $"State: stream `{StateOptions.Stream}` (count processor, {partitions} partitions), one real silo process per storage, this process the client; {result.Cores} cores.");
            Line(md, $"Hot load at every size: {o.HotEvents:N0} events round robin over {o.HotKeys:N0} keys (`key-N`, {o.PayloadBytes}-byte payloads, {o.Publishers} publisher(s), producer defaults), {o.Runs} run(s); before the first size, warm-up loads of {o.WarmupEvents:N0} events (the first creates the hot keys) until two in a row are within 10% (at most 5).");
            Line(md, $"Fill: keys `fill-N`, one empty event each, added cumulatively; keys held = keys filled + the {o.HotKeys:N0} hot keys.");
            md.AppendLine();
            foreach (var sweep in result.Sweeps)
            {
                WriteSweep(md, sweep);
                if (sweep.Compaction is { } compaction)
                {
                    WriteCompaction(md, sweep.Storage, compaction);
                }
            }

            WriteLegend(md, result.HotKeyDeltaEntryBytes);
            if (result.Sweeps.Any(s => s.Compaction is not null))
            {
                WriteCompactionLegend(md);
            }
        }

        if (result.Recovery is { } recovery)
        {
            WriteRecovery(md, recovery);
        }

        return md.ToString();
    }

    private static void WriteSweep(StringBuilder md, SweepResult sweep)
    {
        var redis = sweep.Sizes.Any(s => s.RedisUsedBytes is not null);
        Line(md, $"### {sweep.Storage} storage");
        md.AppendLine();
        md.AppendLine($"| keys filled | keys held | acked events/s (median) | min – max | vs first size | vs memory | ack p50 ms | ack p99 ms | CPU µs/event: silo / client{(redis ? " / Redis" : "")} | fill keys/s |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in sweep.Sizes)
        {
            var cpu = string.Create(CultureInfo.InvariantCulture, $"{s.SiloCpuMicrosPerEvent:0.00} / {s.ClientCpuMicrosPerEvent:0.00}{(s.RedisCpuMicrosPerEvent is { } r ? $" / {r:0.00}" : "")}");
            Line(md, $"| {s.KeysFilled:N0} | {s.KeysHeld:N0} | {s.EventsPerSecond:N0} | {s.EventsPerSecondMin:N0} – {s.EventsPerSecondMax:N0} | {Ratio(s.RatioToFirstSize)} | {Ratio(s.RatioToMemory)} | {s.AckP50Ms:0.0} | {s.AckP99Ms:0.0} | {cpu} | {s.FillKeysPerSecond:N0} |");
        }

        md.AppendLine();
        md.AppendLine("| keys filled | checkpoints/s | bytes/checkpoint | events/checkpoint | changed keys/checkpoint (est.) | bytes/changed key | checkpoint MB/s | segments compacted/run | silo RSS MiB | RSS bytes/key | Δ RSS/Δ key |" + (redis ? " Redis used MiB | Redis bytes/key |" : ""));
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|" + (redis ? "---|---|" : ""));
        foreach (var s in sweep.Sizes)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {s.KeysFilled:N0} | {s.CheckpointsPerSecond:N0} | {s.BytesPerCheckpoint:N0} | {s.EventsPerCheckpoint:N0} | {s.ChangedKeysPerCheckpoint:N0} | {s.BytesPerChangedKey:0.0} | {s.CheckpointBytesPerSecond / 1e6:0.0} | {s.SegmentsCompactedPerRun:N1} | {s.SiloRssBytes / MiB:N0} | {s.SiloRssBytesPerKey:N0} | {(s.MarginalRssBytesPerKey is { } m ? m.ToString("N0", CultureInfo.InvariantCulture) : "n/a")} |");
            md.AppendLine(redis ? string.Create(CultureInfo.InvariantCulture, $" {s.RedisUsedBytes / MiB:N0} | {s.RedisUsedBytesPerKey:N0} |") : "");
        }

        md.AppendLine();
        Line(md, $"Other processes on the machine kept {(sweep.OtherProcessesCores is { } c ? c.ToString("0.00", CultureInfo.InvariantCulture) : "n/a")} cores busy on average during this sweep (machine busy time from /proc/stat minus the silo's, the client's and Redis's): near 0 on a quiet machine; more makes the figures noisy.");
        Line(md, $"Before the fill (after the warm-up): {sweep.BaselineKeys:N0} keys held, silo RSS {sweep.BaselineRssBytes / MiB:N0} MiB; warm-up runs {string.Join(" / ", sweep.WarmupEventsPerSecond.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} events/s.");
        if (sweep.Sizes.Count > 1)
        {
            var last = sweep.Sizes[^1];
            var goal = sweep.Storage == "memory" && last.KeysFilled >= 10_000_000
                ? $" (goal for memory storage: ≥ 0.80 at 10,000,000 keys: {(last.RatioToFirstSize >= 0.8 ? "met" : "NOT met")})"
                : "";
            Line(md, $"Rate at {last.KeysFilled:N0} keys filled / at {sweep.Sizes[0].KeysFilled:N0}: {Ratio(last.RatioToFirstSize)}{goal}.");
        }

        Line(md, $"Events: every hot run's events acknowledged and applied once: {(sweep.EventsAccountedFor ? "all accounted for" : "MISMATCH")}.");
        md.AppendLine();
    }

    private static void WriteCompaction(StringBuilder md, string storage, CompactionResult c)
    {
        Line(md, $"### {storage} storage: compaction under the hot load ({c.KeysFilled:N0} keys filled, {c.KeysHeld:N0} held)");
        md.AppendLine();
        Line(md, $"Each condition {c.Runs.Count / Math.Max(1, c.Conditions.Count)} time(s), interleaved A, B, C, A, B, C, …; background churn at {c.ChurnRate:N0} events/s (paced, a producer of its own) from 1 s before each hot run until its end.");
        md.AppendLine();
        md.AppendLine("| condition | acked events/s (median) | min – max | ack p50 ms | ack p99 ms | ack p99 ms of each run | segments compacted/run | compactions/s | checkpoints/s | checkpoint MB/s | churn events/s |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var k in c.Conditions)
        {
            var each = string.Join(" / ", k.AckP99MsOfRuns.Select(p => p.ToString("0.0", CultureInfo.InvariantCulture)));
            var churn = k.ChurnEventsPerSecond is { } rate ? rate.ToString("N0", CultureInfo.InvariantCulture) + (k.ChurnEventsSkipped > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({k.ChurnEventsSkipped:N0} skipped)") : "") : "–";
            Line(md, $"| {k.Condition}: {k.Description} | {k.EventsPerSecond:N0} | {k.EventsPerSecondMin:N0} – {k.EventsPerSecondMax:N0} | {k.AckP50Ms:0.0} | {k.AckP99Ms:0.0} | {each} | {k.SegmentsCompactedPerRun:N1} | {k.CompactionsPerSecond:N1} | {k.CheckpointsPerSecond:N0} | {k.CheckpointBytesPerSecond / 1e6:0.0} | {churn} |");
        }

        md.AppendLine();
        var goal = c.GoalMet is { } met ? $" (goal: ≤ {CompactionResult.GoalP99Ratio:0.00}, compaction never more than doubles the ack p99: {(met ? "met" : "NOT met")})" : "";
        Line(md, $"Compaction's effect at equal load, ack p99 B / C: **{Ratio(c.P99BOverC)}**{goal}. Against the hot load alone, p99 B / A: {Ratio(c.P99BOverA)}. Rate B / C: {Ratio(c.RateBOverC)}.");
        var b = c.Conditions.Single(k => k.Condition == "B");
        Line(md, $"B's walk: {c.FillKeysPerBucket:N0} fill keys per bucket ({c.Buckets:N0} buckets), a bucket compacts at max(64, keys / 2) delta fields: expected about {c.ExpectedCompactionsPerSecond:N1} compactions/s at the churn rate from that threshold alone; measured {b.CompactionsPerSecond:N1}/s during B's hot runs{(b.SegmentsCompactedPerRun < 1 ? " — B did NOT compact: not a measure of compaction" : "")}.");
        Line(md, $"Other processes on the machine kept {(c.OtherProcessesCores is { } o ? o.ToString("0.00", CultureInfo.InvariantCulture) : "n/a")} cores busy on average during these runs. Events: every hot run's and churn's events acknowledged and applied once: {(c.EventsAccountedFor ? "all accounted for" : "MISMATCH")}.");
        md.AppendLine();
    }

    private static void WriteCompactionLegend(StringBuilder md)
    {
        md.AppendLine("Compaction columns (`--compaction`):");
        md.AppendLine();
        md.AppendLine("- **A**: the hot load alone, as in the sweep. **B**: the hot load while a background producer updates existing `fill-N` keys at the churn rate, walked bucket by bucket (each partition its own buckets, all of a bucket's keys before the next), so each bucket in the walk is compacted every half of its keys: compaction all through the run. **C**: the same churn rate over 10,000 `churn-N` keys of its own, cycled: as many extra events and checkpoints, but their deltas stay at a few fields per bucket, so no compaction by the half-keys threshold (a few by the idle compaction, below).");
        md.AppendLine("- **acked events/s, ack p50 / p99**: the hot load's, as in the sweep (median of the condition's runs); **ack p99 of each run** shows the spread.");
        md.AppendLine("- **segments compacted/run, compactions/s, checkpoints/s, checkpoint MB/s**: difference of the partitions' summed `PartitionStats` over each hot run (churn included), mean per run and per second of hot run. Compactions come from the half-keys threshold and from the idle compaction (a partition with nothing to write at a checkpoint tick folds buckets whose delta holds ≥ 16 fields), which also runs between batches under load: it folds B's buckets before their threshold (more compactions than expected) and a few of C's.");
        md.AppendLine("- **churn events/s**: the background producer's achieved rate (published / time it ran); **skipped** counts events it dropped after falling more than 100 ms behind its pace.");
        md.AppendLine("- **p99 B / C** is the compaction's cost at equal load (same extra events, same client); **p99 B / A** adds the cost of the churn itself.");
        md.AppendLine();
    }

    private static void WriteLegend(StringBuilder md, int entryBytes)
    {
        md.AppendLine("Columns:");
        md.AppendLine();
        md.AppendLine("- **acked events/s**: events of one hot run / seconds from its first publish until every event is acknowledged (an ack means the checkpoint covering the event is written); median, minimum and maximum of the runs.");
        md.AppendLine("- **vs first size**: median rate / the first size's median rate, same storage. **vs memory**: Redis rate / memory rate at the same size in the same invocation (`--both`).");
        md.AppendLine("- **ack p50 / p99**: latency from a batch's first event to its acknowledgement, as the producer measures it; median of the runs' percentiles. The load runs at full speed, so when checkpoints are slow (Redis) the producer's window (64 batches per partition) is full and the latency is mostly queueing: events in flight / rate.");
        md.AppendLine("- **CPU µs/event**: CPU time (user + system) the silo process, this client process (producer, load loop) and redis-server (INFO cpu) used during the runs, per event applied. On a 2-core machine the three share the cores, so CPU spent anywhere slows the rate.");
        md.AppendLine("- **fill keys/s**: new keys added per second by the fill before the runs at that size (8,192-event batches, two publishers).");
        md.AppendLine("- **checkpoints/s, bytes/checkpoint, events/checkpoint, checkpoint MB/s**: the difference of the partitions' summed `PartitionStats` (`Checkpoints`, `CheckpointBytes`, `EventsApplied`) across all runs of the size, over the runs' time. Checkpoint bytes count keys, values, rewritten segments and the partition's own fields (counters, producer windows).");
        md.AppendLine("- **changed keys/checkpoint (est.)**: not counted by the silo; estimated per partition as min(events per checkpoint, hot keys the partition owns), since the load visits a partition's hot keys in a fixed cycle. On the mean events per checkpoint this is an upper bound, so **bytes/changed key** (checkpoint bytes / estimated changed keys) is a lower bound; it includes each checkpoint's fixed fields.");
        md.AppendLine(CultureInfo.InvariantCulture, $"  For reference, one changed hot key's delta field (key, state, CRC) encodes to {entryBytes} bytes.");
        md.AppendLine("- **segments compacted/run**: bucket segments rewritten by compaction during one hot run (mean); the fill's own compactions finish before the runs start (the benchmark waits until no partition checkpoints).");
        md.AppendLine("- **silo RSS**: the silo process's resident set (VmRSS) after the runs at that size, no forced GC (it cannot be forced from outside): managed heap with its free space, the memory store's bytes, the runtime. **RSS bytes/key**: RSS / keys held. **Δ RSS/Δ key**: RSS growth since the previous size (or since before the fill) / keys added — the cost of one more key; n/a when fewer than 500,000 keys were added (RSS moves by tens of MB between reads).");
        md.AppendLine("- **Redis used**: Redis `used_memory` (INFO memory) after the runs, and per key held.");
        md.AppendLine();
    }

    private static void WriteRecovery(StringBuilder md, RecoveryResult r)
    {
        Line(md, $"### Recovery: {r.Silos} silo processes, Redis membership and storage");
        md.AppendLine();
        Line(md, $"Filled {r.KeysFilled:N0} keys ({r.FillKeysPerSecond:N0} keys/s; {r.KeysHeld:N0} held with the hot keys), then the hot load over {r.HotKeys:N0} keys; killed (SIGKILL) the silo hosting partition 0 ({r.VictimPartitions} of {r.Partitions} partitions). Producer ack timeout {r.AckTimeoutMs:N0} ms.");
        md.AppendLine();
        md.AppendLine("| measure | value |");
        md.AppendLine("|---|---|");
        Line(md, $"| kill → silo declared dead (membership, polled every 20 ms) | {r.KillToDeclaredDeadSeconds:0.00} s |");
        Line(md, $"| declared dead → every partition answers `GetStats` (300 ms per try) | {r.DeclaredDeadToAllPartitionsAnswerSeconds:0.00} s |");
        Line(md, $"| kill → every partition answers | {r.KillToAllPartitionsAnswerSeconds:0.00} s |");
        Line(md, $"| kill → acked rate back to ≥ 90% of its rate before the kill | {(r.KillToRateRecoveredSeconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "not within the timeout")} |");
        Line(md, $"| acked events/s: 5 s before the kill / lowest 1-s window after / from recovery to the end | {r.PreKillEventsPerSecond:N0} / {r.LowestEventsPerSecondAfterKill:N0} / {(r.AfterRecoveryEventsPerSecond is { } a ? a.ToString("N0", CultureInfo.InvariantCulture) : "n/a")} |");
        Line(md, $"| load: ran / drained after stopping | {r.LoadSeconds:0.0} s / {r.DrainSeconds:0.0} s |");
        Line(md, $"| events published / acknowledged / applied (`EventsApplied` difference) / counted in the hot keys | {r.EventsPublished:N0} / {r.EventsAcked:N0} / {r.EventsApplied:N0} / {r.HotKeyCountIncrease:N0}: {(r.EventsAccountedFor ? "exactly once" : "MISMATCH")} |");
        Line(md, $"| batches resent / duplicates dropped by partitions | {r.BatchesResent:N0} / {r.DuplicatesDropped:N0} |");
        Line(md, $"| machine load average (1 min; the silos, Redis and this client included) at start / end | {r.LoadAverageAtStart:0.0} / {r.LoadAverageAtEnd:0.0} |");
        md.AppendLine();
        md.AppendLine("Recovered: the end of the first 1-second window (sampled every 100 ms) at or after 1 s past the kill whose acked rate is ≥ 90% of the 5 s before the kill, when the next 1-second window is too.");
        md.AppendLine();
        md.Append("Acked events/s, trailing 1 s (seconds from the kill): ");
        md.AppendLine(string.Join(", ", r.Timeline.Where(p => Math.Abs(p.SecondsFromKill % 1) < 0.05).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.SecondsFromKill:+0;-0;0}: {p.EventsPerSecond:N0}"))));
        md.AppendLine();
    }

    private static string Ratio(double? ratio) => ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "";

    private static void Line(StringBuilder md, FormattableString line) => md.AppendLine(FormattableString.Invariant(line));
}
