using System.Globalization;
using RealtimeGrains.Speech;
using RealtimeGrains.Testing;

namespace RealtimeGrains.Benchmarks.Speech;

/// <summary>
/// Mixed short and long utterances for the queue policies: short ones are single commands; long ones are four
/// commands spoken back to back (their pauses under the silence cut), about four times the decode.
/// </summary>
internal static class MixedJob
{
    private const int Shorts = 24, Longs = 8;

    public static List<(string Name, short[] Pcm)> Build(IReadOnlyList<SpeechSample> samples)
    {
        var commands = samples.Where(s => s.InGrammar && s.Noise == "none").ToList();
        var job = new List<(string, short[])>();
        for (var i = 0; i < Shorts + Longs; i++)
        {
            // Longs spread through the job so FCFS meets some of them ahead of shorts.
            if (i % 4 == 0)
            {
                var parts = Enumerable.Range(0, 4).Select(k => commands[(i + (k * 7)) % commands.Count].ReadPcm()).ToList();
                job.Add(($"long-{i}", Join(parts)));
            }
            else
            {
                job.Add(($"short-{i}", commands[i % commands.Count].ReadPcm()));
            }
        }

        return job;
    }

    public static string Describe(List<(string Name, short[] Pcm)> job) => string.Create(CultureInfo.InvariantCulture,
        $"{job.Count(j => j.Name.StartsWith("short", StringComparison.Ordinal))} short and {job.Count(j => j.Name.StartsWith("long", StringComparison.Ordinal))} long sessions");

    /// <summary>Mean client latency over every recognized utterance, in ms.</summary>
    public static double MeanLatency(List<SessionOutcome> outcomes) =>
        outcomes.SelectMany(o => o.Results).Where(r => r.LatencyMs is not null).Select(r => r.LatencyMs!.Value).DefaultIfEmpty(double.NaN).Average();

    public static string Latencies(List<SessionOutcome> outcomes)
    {
        double Mean(string kind) => outcomes.Where(o => o.Name.StartsWith(kind, StringComparison.Ordinal))
            .SelectMany(o => o.Results).Where(r => r.LatencyMs is not null).Select(r => r.LatencyMs!.Value).DefaultIfEmpty(double.NaN).Average();
        var all = outcomes.SelectMany(o => o.Results).Where(r => r.LatencyMs is not null).Select(r => r.LatencyMs!.Value).DefaultIfEmpty(double.NaN).Average();
        return string.Create(CultureInfo.InvariantCulture, $"mean latency {all:F0} ms (short {Mean("short"):F0} ms, long {Mean("long"):F0} ms)");
    }

    /// <summary>The command without the test set's 200 ms of trailing silence: a push-to-talk release at the end of speech.</summary>
    public static short[] TrimTrailing(short[] pcm) => pcm[..Math.Max(0, pcm.Length - (SpeechFormat.SampleRate / 5))];

    /// <summary>Commands back to back: each without its 300 ms lead-in and 200 ms tail except the first's lead and the last's tail.</summary>
    private static short[] Join(List<short[]> parts)
    {
        var lead = SpeechFormat.SampleRate * 3 / 10;
        var tail = SpeechFormat.SampleRate / 5;
        var joined = new List<short>();
        for (var i = 0; i < parts.Count; i++)
        {
            var from = i == 0 ? 0 : lead - (SpeechFormat.SampleRate / 20);
            var to = i == parts.Count - 1 ? parts[i].Length : parts[i].Length - tail;
            joined.AddRange(parts[i][from..to]);
        }

        return [.. joined];
    }
}
