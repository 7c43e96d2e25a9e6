using System.Globalization;
using RealtimeGrains.Cli.Output;

namespace RealtimeGrains.Cli.Demo;

/// <summary>One table of the demo's output: a title, a header and rows of text (both views render these).</summary>
internal sealed record DemoTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The demo's figures as tables and lines, for the live panels, the plain lines and the summary alike.</summary>
internal static class DemoTables
{
    public static DemoTable Events(EventsSummary e) => new(
        "Events into partition grains",
        ["SENT", "ACKED", "APPLIED", "LOST", "RESENT", "CRC FAILURES CAUGHT", "KEYS HELD", "EVENTS/S"],
        [[N(e.Sent), N(e.Acked), N(e.Applied), N(e.Lost), N(e.Resent), N(e.CrcFailuresCaught), N(e.KeysHeld), N(e.EventsPerSecond)]]);

    public static DemoTable LiveEvents(DemoFrame f) => new(
        "Events into partition grains",
        ["SENT", "ACKED", "RESENT", "CRC FAILURES CAUGHT", "KEYS HELD", "EVENTS/S"],
        [[N(f.Events.EventsPublished), N(f.Events.EventsAcked), N(f.Events.BatchesResent), N(f.CrcCaught), N(f.KeysHeld), N(f.EventsPerSecond)]]);

    public static DemoTable Windows(DemoFrame f) => new(
        $"Windowed metrics: {N(f.Windows)} windows of 1 s"
            + (f.WindowDelayMs is { } delay ? $", the last {N(delay)} ms after its end" : ""),
        ["HOST", "WINDOW END", "COUNT", "MEAN MS", "P99 MS"],
        [.. f.LatestWindows.Select(w => (IReadOnlyList<string>)
        [
            w.Host, w.Window.WindowEnd.ToString("HH:mm:ss", CultureInfo.InvariantCulture), N(w.Window.Count),
            Format.Number(w.Window.Mean, "0"), Format.Number(w.Window.P99, "0"),
        ])]);

    public static DemoTable Policies(IReadOnlyList<PolicySummary> policies) => new(
        $"Same jobs, three policies ({JobSet.ShortMs}/{JobSet.LongMs} ms, {JobSet.Concurrency} at a time)",
        ["POLICY", "SUBMITTED", "COMPLETED", "FAILED", "RE-RUN", "MEAN WAIT MS", "P95 WAIT MS", "URGENT MEAN WAIT MS"],
        [.. policies.Select(p => (IReadOnlyList<string>)
        [
            p.Policy, N(p.Submitted), N(p.Completed), N(p.Failed), N(p.Rerun), Format.Number(p.MeanWaitMs, "0"), Format.Number(p.P95WaitMs, "0"),
            Format.Number(p.UrgentMeanWaitMs, "0"),
        ])]);

    public static DemoTable Placement(IReadOnlyList<SiloShare> silos) => new(
        "Where task grains ran",
        ["SILO", "ADDRESS", "STATUS", "TASKS", "SHARE", "CAPACITY", "TASK SLOTS"],
        [.. silos.Select(s => (IReadOnlyList<string>)
        [
            s.Name, s.Silo, s.Status, N(s.Tasks), s.Share.ToString("P0", CultureInfo.InvariantCulture), Format.Number(s.Capacity), Format.Number(s.TaskSlots),
        ])]);

    public static DemoTable Speech(IReadOnlyList<SpeechLine> lines) => new(
        "Spoken commands, real time",
        ["FILE", "SAID", "HEARD", "CONFIDENCE", "LATENCY MS"],
        [.. lines.Select(l => (IReadOnlyList<string>)
        [
            l.File, l.Expected, l.Heard.Length == 0 ? "(not recognized)" : l.Heard, Format.Number(l.Confidence, "0.00"), Format.Number(l.LatencyMs, "0"),
        ])]);

    /// <summary>The kill, as one line (null when there was none).</summary>
    public static string? Kill(KillSummary? kill) => kill switch
    {
        null => null,
        { DeclaredDeadAfterSeconds: null } => $"{kill.Silo} killed at {N(kill.AtSeconds)} s (no deactivation, no checkpoint, connections dropped); waiting for the cluster to declare it dead",
        _ => $"{kill.Silo} killed at {N(kill.AtSeconds)} s; declared dead {N(kill.DeclaredDeadAfterSeconds!.Value)} s later, its grains came back on the other silo",
    };

    /// <summary>The verdict, as one line.</summary>
    public static string Verdict(DemoSummary s)
    {
        var tasks = s.Scheduling.Sum(p => p.Submitted);
        return s.NothingLost
            ? $"Nothing lost: {N(s.Events.Sent)} events sent = acknowledged = applied ({N(s.Events.KeysChecked)} per-key counts checked), {N(tasks)} tasks each finished once"
            : $"LOSS: sent {N(s.Events.Sent)}, acknowledged {N(s.Events.Acked)}, applied {N(s.Events.Applied)}, lost {N(s.Events.Lost)}, duplicated {N(s.Events.Duplicated)}, "
              + $"{N(s.Events.KeysMismatched)} keys off; tasks {N(s.Scheduling.Sum(p => p.Completed))}/{N(tasks)} completed, {N(s.Scheduling.Sum(p => p.Failed))} failed";
    }

    public static string SpeechLine(SpeechOutcome s) => s.Skipped ?? (s.Commands == 0
        ? "speech: no command finished"
        : $"speech: {s.Correct}/{s.Commands} spoken commands heard right, result latency mean {Format.Number(s.MeanLatencyMs, "0")} ms, max {Format.Number(s.MaxLatencyMs, "0")} ms");

    public static string N(double value) => value.ToString("#,0.#", CultureInfo.InvariantCulture);
}
