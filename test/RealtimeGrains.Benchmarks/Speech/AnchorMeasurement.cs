using System.Diagnostics;
using RealtimeGrains.Speech.Recognition;
using RealtimeGrains.Testing;

namespace RealtimeGrains.Benchmarks.Speech;

/// <summary>
/// The anchor: PocketSphinx's own <c>pocketsphinx_continuous -jsgf</c> (Debian's <c>pocketsphinx</c>) on the
/// shipped files with the same model, dictionary and grammar; the service must not be less accurate.
/// </summary>
internal static class AnchorMeasurement
{
    public static async Task<SpeechAccuracy> RunAsync(IEnumerable<SpeechSample> samples, SpeechEngineOptions options)
    {
        var grammar = Path.Combine(Path.GetTempPath(), $"rtg-anchor-{Environment.ProcessId}.gram");
        await File.WriteAllTextAsync(grammar, ReadGrammar(options));
        try
        {
            var outcomes = new List<(string, string, string)>();
            foreach (var sample in samples)
            {
                var text = await DecodeAsync(sample.File, grammar, options);
                outcomes.Add((sample.Expected, PocketSphinxRecognizer.Normalize(text), sample.Name));
            }

            return SpeechAccuracy.Of(outcomes);
        }
        finally
        {
            File.Delete(grammar);
        }
    }

    private static string ReadGrammar(SpeechEngineOptions options)
    {
        if (!string.IsNullOrEmpty(options.GrammarFile))
        {
            return File.ReadAllText(options.GrammarFile);
        }

        using var stream = typeof(PocketSphinxRecognizer).Assembly.GetManifestResourceStream("RealtimeGrains.Speech.commands.gram")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<string> DecodeAsync(string wav, string grammar, SpeechEngineOptions options)
    {
        var start = new ProcessStartInfo("pocketsphinx_continuous")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-infile", wav, "-jsgf", grammar, "-dict", options.Dictionary, "-hmm", options.ModelDirectory, "-logfn", "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"pocketsphinx_continuous did not start ({ex.Message}): apt-get install pocketsphinx", ex);
        }

        using var process = started ?? throw new InvalidOperationException("pocketsphinx_continuous did not start: apt-get install pocketsphinx");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stderr;
        // One line per segment its own VAD found; a command split in two segments is not an exact match.
        return string.Join(' ', stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
