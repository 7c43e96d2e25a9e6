using System.Runtime.InteropServices;
using RealtimeGrains.Speech.Recognition.Native;

namespace RealtimeGrains.Speech.Recognition;

/// <summary>Whether PocketSphinx and its model are installed, and what to install when they are not.</summary>
internal static class SpeechEngine
{
    public const string InstallHint = "apt-get install libpocketsphinx3 pocketsphinx-en-us";

    /// <summary>Null when the engine can run with <paramref name="options"/>, otherwise one line saying why and what to install.</summary>
    public static string? Probe(SpeechEngineOptions options)
    {
        foreach (var library in new[] { PocketSphinxNative.SphinxBase, PocketSphinxNative.PocketSphinx })
        {
            if (!NativeLibrary.TryLoad(library, out var handle))
            {
                return $"the speech engine is not installed ({library} not found): {InstallHint}";
            }

            NativeLibrary.Free(handle);
        }

        if (!File.Exists(Path.Combine(options.ModelDirectory, "mdef")))
        {
            return $"the speech model is not installed ({options.ModelDirectory} has no mdef): {InstallHint}";
        }

        foreach (var file in new[] { options.Dictionary, options.PhoneLanguageModel })
        {
            if (!File.Exists(file))
            {
                return $"the speech model is not installed ({file} not found): {InstallHint}";
            }
        }

        return null;
    }
}
