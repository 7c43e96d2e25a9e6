using RealtimeGrains.Speech.Recognition;
using RealtimeGrains.Testing;

namespace RealtimeGrains.Tests.Speech;

/// <summary>
/// One real PocketSphinx recognizer for the speech tests and its results on every shipped file, decoded once
/// (the model load and ~100 decodes are the expensive part).
/// </summary>
public sealed class SpeechEngineFixture : IDisposable
{
    public SpeechEngineFixture()
    {
        if (PocketSphinxRecognizer.Probe() is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        Recognizer = new PocketSphinxRecognizer(new SpeechEngineOptions { Decoders = 2 });
        Results = SpeechTestSet.Samples.ToDictionary(s => s.Name, s => Recognizer.Recognize(s.ReadPcm()));
    }

    internal PocketSphinxRecognizer Recognizer { get; }

    /// <summary>What the recognizer made of each shipped 16 kHz file, by file name.</summary>
    internal IReadOnlyDictionary<string, Recognition> Results { get; }

    public void Dispose() => Recognizer.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SpeechEngineCollection : ICollectionFixture<SpeechEngineFixture>
{
    public const string Name = "Speech engine";
}
