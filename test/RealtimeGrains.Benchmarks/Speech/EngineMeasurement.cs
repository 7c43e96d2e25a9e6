using System.Diagnostics;
using System.Globalization;
using RealtimeGrains.Speech.Recognition;
using RealtimeGrains.Testing;

namespace RealtimeGrains.Benchmarks.Speech;

/// <summary>
/// The bare engine: <see cref="PocketSphinxRecognizer"/> decoding the shipped files in this process, one at
/// a time (give it options with one decoder), after one warm-up decode (the model load is not counted). CPU is the process's total processor
/// time, so it includes both passes (grammar and phone loop) and everything .NET does around them.
/// </summary>
internal static class EngineMeasurement
{
    public sealed record Result(SpeechAccuracy Accuracy, double AudioSeconds, double CpuSeconds, double MeanDecodeMs, double LoadMs, IReadOnlyList<string> Details)
    {
        public double CpuPerAudioSecond => CpuSeconds / AudioSeconds;

        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Accuracy}; {CpuPerAudioSecond:F3} CPU s per audio s ({CpuSeconds:F2} s over {AudioSeconds:F1} s of audio), {MeanDecodeMs:F1} ms per utterance; first decode with the model load {LoadMs:F0} ms");
    }

    public static Result Run(IReadOnlyList<SpeechSample> samples, SpeechEngineOptions options)
    {
        using var recognizer = new PocketSphinxRecognizer(options);
        var audio = samples.Select(s => (Sample: s, Pcm: s.ReadPcm())).ToList();
        var load = Stopwatch.StartNew();
        recognizer.Recognize(audio[0].Pcm);
        var loadMs = load.Elapsed.TotalMilliseconds;

        var outcomes = new List<(string, string, string)>();
        var details = new List<string>();
        double decodeMs = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var (sample, pcm) in audio)
        {
            var result = recognizer.Recognize(pcm);
            decodeMs += result.DecodeMs;
            outcomes.Add((sample.Expected, result.Text, sample.Name));
            details.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{sample.Name}\t{sample.Expected}\t{result.Hypothesis}\t{result.Confidence:F3}\t{result.DecodeMs:F1}"));
        }

        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var audioSeconds = audio.Sum(a => a.Pcm.Length) / 16_000.0;
        return new Result(SpeechAccuracy.Of(outcomes), audioSeconds, cpuSeconds, decodeMs / audio.Count, loadMs, details);
    }
}
