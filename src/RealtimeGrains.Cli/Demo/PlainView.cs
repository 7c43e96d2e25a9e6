using System.Globalization;
using RealtimeGrains.Cli.Output;

namespace RealtimeGrains.Cli.Demo;

/// <summary>Plain lines for redirected output: a progress line every 2 s, each speech result and the kill as they happen.</summary>
internal sealed class PlainView(TextWriter output) : IDemoView
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private int _speechShown;
    private string? _killShown;
    private string? _skipShown;

    public async Task ShowAsync(Func<DemoFrame> frame, Task done)
    {
        while (!done.IsCompleted)
        {
            await Task.WhenAny(done, Task.Delay(Every));
            Write(frame());
        }
    }

    public void Summary(DemoSummary summary)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rtg demo: {summary.DurationSeconds:0.0} s on the {summary.Cluster} cluster"));
        foreach (var table in new[] { DemoTables.Events(summary.Events), DemoTables.Policies(summary.Scheduling), DemoTables.Placement(summary.Placement) })
        {
            output.WriteLine();
            output.WriteLine(table.Title);
            TableWriter.Write(output, table.Header, table.Rows);
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"metrics: {summary.Metrics.Windows} windows of {summary.Metrics.Hosts} hosts from {DemoTables.N(summary.Metrics.Published)} latencies, the last {Format.Number(summary.Metrics.LastWindowDelayMs, "0")} ms after its end"));
        output.WriteLine(DemoTables.SpeechLine(summary.Speech));
        if (DemoTables.Kill(summary.Kill) is { } kill)
        {
            output.WriteLine("kill: " + kill);
        }

        output.WriteLine(DemoTables.Verdict(summary));
        if (summary.Dashboard is not null)
        {
            output.WriteLine($"dashboard: {summary.Dashboard}");
        }

        output.Flush();
    }

    public void Note(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }

    private void Write(DemoFrame f)
    {
        var speech = f.Speech;
        for (; _speechShown < speech.Count; _speechShown++)
        {
            var l = speech[_speechShown];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"speech: said \"{l.Expected}\", heard \"{l.Heard}\" {(l.Correct ? "(right)" : "(wrong)")} confidence {l.Confidence:0.00}, latency {Format.Number(l.LatencyMs, "0")} ms"));
        }

        if (f.SpeechSkipped is { } skipped && _skipShown is null)
        {
            output.WriteLine(_skipShown = skipped);
        }

        if (DemoTables.Kill(f.Kill) is { } kill && kill != _killShown)
        {
            output.WriteLine("kill: " + (_killShown = kill));
        }

        var waits = string.Join(", ", f.Policies.Select(p => $"{p.Policy} {Format.Number(p.MeanWaitMs, "0")}/{Format.Number(p.P95WaitMs, "0")}"));
        var shares = string.Join(", ", f.Silos.Select(s => $"{s.Name} {s.Tasks} ({s.Status})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{f.Elapsed.TotalSeconds,5:0.0}s] events sent {DemoTables.N(f.Events.EventsPublished)} acked {DemoTables.N(f.Events.EventsAcked)} ({DemoTables.N(f.EventsPerSecond)}/s) "
            + $"resent {DemoTables.N(f.Events.BatchesResent)} crc caught {DemoTables.N(f.CrcCaught)} keys {DemoTables.N(f.KeysHeld)} | windows {f.Windows} "
            + $"| wait mean/p95 ms {waits} | tasks by silo {shares} | {f.Phase}"));
        output.Flush();
    }
}
