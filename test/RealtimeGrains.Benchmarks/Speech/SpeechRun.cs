using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Benchmarks.Infrastructure;
using RealtimeGrains.Benchmarks.Report;
using RealtimeGrains.Speech;
using RealtimeGrains.Speech.Client;
using RealtimeGrains.Speech.Recognition;
using RealtimeGrains.Testing;

namespace RealtimeGrains.Benchmarks.Speech;

/// <summary>
/// <c>speech [--sessions 32] [--seconds 20] [--sweep 4,8,...] [--quick]</c>: the spoken-command service end to end, one in-process
/// silo with the real engine and a client through the gateway, on this machine's cores:
/// accuracy on the shipped set against the bare engine and <c>pocketsphinx_continuous -jsgf</c> (the anchor);
/// CPU per second of audio against the bare engine; end-of-speech → result latency at the client with
/// <c>--sessions</c> real-time sessions (whole files: 200 ms of silence after the speech, then the close; and
/// push-to-talk: the session closed when the speech ends); the most real-time sessions with p99 ≤ 1 s; SJF against FCFS on the
/// <c>asr</c> queue with mixed short and long utterances.
/// </summary>
internal static class SpeechRun
{
    private const string Title = "Spoken commands";

    public static async Task<IReadOnlyList<ReportSection>> RunAsync(string[] args)
    {
        var sessions = RunArgs.Int(args, "--sessions", 32);
        var seconds = RunArgs.Int(args, "--seconds", 20);
        var quick = args.Contains("--quick");
        if (PocketSphinxRecognizer.Probe(new SpeechEngineOptions()) is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
            return [ReportSection.Skipped(Title, missing)];
        }

        var samples = SpeechTestSet.Samples;
        var audio = samples.Select(s => (s.Name, s.ReadPcm())).ToList();
        var audioSeconds = audio.Sum(a => a.Item2.Length) / (double)SpeechFormat.SampleRate;

        var rows = new List<ReportRow>();
        var engine = EngineMeasurement.Run(samples, new SpeechEngineOptions { Decoders = 1 });
        Report($"bare engine (one thread, in process): {engine}");
        var anchor = await AnchorMeasurement.RunAsync(samples, new SpeechEngineOptions());
        Report($"anchor (pocketsphinx_continuous -jsgf): {anchor}");

        await using (var service = await SpeechService.StartAsync())
        {
            await service.RunAsync(audio.Take(8).ToList(), 4, SpeechPace.Fast); // warm-up: decoders loaded, grains active
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var outcomes = await service.RunAsync(audio, 4, SpeechPace.Fast);
            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var accuracy = SpeechAccuracy.Of(outcomes.Select(o => (Expected(samples, o.Name), o.Text, o.Name)));
            Report($"service (fast pace, 4 sessions at a time): {accuracy}");
            foreach (var miss in accuracy.Misses)
            {
                Report($"  miss {miss}");
            }

            Report(Invariant($"CPU per second of audio: service {used / audioSeconds:F4} s (silo and client in one process), bare engine {engine.CpuPerAudioSecond:F4} s: ratio {used / audioSeconds / engine.CpuPerAudioSecond:F2}"));
            Report(Invariant($"exact on commands: service {accuracy.ExactRate:P1}, bare engine {engine.Accuracy.ExactRate:P1}, anchor {anchor.ExactRate:P1}"));
            rows.Add(ReportRow.Of("commands recognized exactly, %", accuracy.ExactRate * 100, engine.Accuracy.ExactRate * 100, "0.0"));
            rows.Add(ReportRow.Of("the anchor, `pocketsphinx_continuous -jsgf`, exactly, %", anchor.ExactRate * 100, engine.Accuracy.ExactRate * 100, "0.0"));
            rows.Add(ReportRow.Of("CPU s per second of audio (service: silo and client in one process)", used / audioSeconds, engine.CpuPerAudioSecond, "0.000"));

            var commands = samples.Where(s => s.InGrammar).Select(s => (s.Name, s.ReadPcm())).ToList();
            var endpointed = await LatencyAsync(service, commands, sessions, seconds, pushToTalk: false);
            Report($"{sessions} real-time sessions, {seconds} s, whole files (their 200 ms of trailing silence, then Close): {endpointed}");
            rows.Add(ReportRow.Of(Invariant($"{sessions} real-time sessions, whole files: end of speech → result p50 (baseline column: decode alone)"), endpointed.P50, endpointed.DecodeP50, "0", "ms"));
            rows.Add(ReportRow.Of(Invariant($"{sessions} real-time sessions, whole files: p99"), endpointed.P99, format: "0", unit: "ms"));
            var pushToTalk = await LatencyAsync(service, commands, sessions, seconds, pushToTalk: true);
            Report($"{sessions} real-time sessions, {seconds} s, push-to-talk (closed when the speech ends): {pushToTalk}");
            rows.Add(ReportRow.Of(Invariant($"{sessions} real-time sessions, push-to-talk: p50 (baseline column: decode alone)"), pushToTalk.P50, pushToTalk.DecodeP50, "0", "ms"));
            rows.Add(ReportRow.Of(Invariant($"{sessions} real-time sessions, push-to-talk: p99"), pushToTalk.P99, format: "0", unit: "ms"));
            if (!quick)
            {
                // The most real-time sessions that keep p99 <= 1 s: up the sizes until one does not.
                var most = 0;
                foreach (var n in RunArgs.Longs(args, "--sweep", [4, 8, 12, 16, 24, 32, 48, 64]))
                {
                    var sweep = await LatencyAsync(service, commands, (int)n, Math.Min(seconds, 15), pushToTalk: false);
                    Report($"  sweep {n} real-time sessions: {sweep}");
                    if (sweep.P99 > 1000)
                    {
                        break;
                    }

                    most = (int)n;
                }

                Report($"most real-time sessions with p99 <= 1 s (whole files): {most}");
                rows.Add(ReportRow.Of("most real-time sessions with p99 ≤ 1 s (whole files)", most));
            }
        }

        var meanWait = new Dictionary<string, double>();
        foreach (var policy in new[] { "fcfs", "sjf" })
        {
            await using var service = await SpeechService.StartAsync(policy, concurrency: 1);
            var mixed = MixedJob.Build(samples);
            await service.RunAsync(mixed.Take(4).ToList(), 4, SpeechPace.Fast);
            var outcomes = await service.RunAsync(mixed, mixed.Count, SpeechPace.Fast);
            Report($"asr queue {policy}, concurrency 1, {MixedJob.Describe(mixed)} at once: {MixedJob.Latencies(outcomes)}");
            meanWait[policy] = MixedJob.MeanLatency(outcomes);
        }

        rows.Add(ReportRow.Of("`asr` queue, concurrency 1, short and long utterances at once: mean latency, SJF (baseline column: FCFS)", meanWait["sjf"], meanWait["fcfs"], "0", "ms"));
        return
        [
            new ReportSection(
                Title,
                "the bare PocketSphinx engine: the same decoder calls on one thread in this process, the same files",
                Invariant($"One in-process silo with the real engine, a client through the TCP gateway, the shipped {samples.Count}-file test set ({audioSeconds:0} s of audio); {sessions} real-time sessions for {seconds} s."),
                rows),
        ];
    }

    private static async Task<LatencySummary> LatencyAsync(SpeechService service, List<(string Name, short[] Pcm)> commands, int sessions, int seconds, bool pushToTalk)
    {
        // Enough files for every session to talk for the whole run (a command file is about 2 s).
        var random = new Random(sessions);
        var rounds = Math.Max(1, seconds / 2);
        var audio = Enumerable.Range(0, sessions * rounds)
            .Select(_ => commands[random.Next(commands.Count)])
            .Select(c => (c.Name, pushToTalk ? MixedJob.TrimTrailing(c.Pcm) : c.Pcm))
            .ToList();
        var outcomes = await service.RunAsync(audio, sessions, SpeechPace.RealTime);
        return LatencySummary.Of(outcomes);
    }

    private static string Expected(IReadOnlyList<SpeechSample> samples, string name) => samples.Single(s => s.Name == name).Expected;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Report(string line) => Console.WriteLine(line);
}

/// <summary>Client latency (last voiced frame sent → result) and the service's share of it, over the recognized utterances.</summary>
internal sealed record LatencySummary(int Utterances, int Errors, double P50, double P99, double ServiceP50, double ServiceP99, double DecodeP50)
{
    public static LatencySummary Of(IReadOnlyCollection<SessionOutcome> outcomes)
    {
        var results = outcomes.SelectMany(o => o.Results).Where(r => r.LatencyMs is not null).ToList();
        double Pct(IEnumerable<double> values, double p)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        }

        var client = results.Select(r => r.LatencyMs!.Value).ToList();
        var service = results.Select(r => r.Result.LatencyMs).ToList();
        return new LatencySummary(
            results.Count, outcomes.Sum(o => o.Errors.Count()), Pct(client, 0.5), Pct(client, 0.99), Pct(service, 0.5), Pct(service, 0.99),
            Pct(results.Select(r => r.Result.DecodeMs), 0.5));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Utterances} utterances, {Errors} errors; client latency p50 {P50:F0} ms, p99 {P99:F0} ms; service (last voiced frame in → result out) p50 {ServiceP50:F0} ms, p99 {ServiceP99:F0} ms; decode p50 {DecodeP50:F0} ms");
}
