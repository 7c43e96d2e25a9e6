using System.Globalization;
using RealtimeGrains.Speech.Recognition;
using RealtimeGrains.Testing;

namespace RealtimeGrains.Benchmarks.Speech;

/// <summary>
/// <c>speech-engine [--details] [--engine-only]</c>: the bare engine's accuracy and CPU per second of audio on the shipped
/// set, and the anchor (<c>pocketsphinx_continuous -jsgf</c>) on the same commands. With <c>--details</c>,
/// one line per file: name, expected, hypothesis, confidence, decode ms.
/// </summary>
internal static class SpeechEngineRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new SpeechEngineOptions { Decoders = 1 };
        if (PocketSphinxRecognizer.Probe(options) is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
            return 1;
        }

        var engine = EngineMeasurement.Run(SpeechTestSet.Samples, options);
        if (args.Contains("--details"))
        {
            engine.Details.ToList().ForEach(Console.WriteLine);
        }

        Console.WriteLine($"engine: {engine}");
        engine.Accuracy.Misses.ToList().ForEach(m => Console.WriteLine($"  miss {m}"));
        if (args.Contains("--engine-only"))
        {
            return 0;
        }

        var anchor = await AnchorMeasurement.RunAsync(SpeechTestSet.Samples, options);
        Console.WriteLine($"anchor (pocketsphinx_continuous -jsgf): {anchor}");
        anchor.Misses.ToList().ForEach(m => Console.WriteLine($"  miss {m}"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"exact on commands: engine {engine.Accuracy.ExactRate:P1}, anchor {anchor.ExactRate:P1}"));
        return engine.Accuracy.ExactRate >= anchor.ExactRate ? 0 : 1;
    }
}
