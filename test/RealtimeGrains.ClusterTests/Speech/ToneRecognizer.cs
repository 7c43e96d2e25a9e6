using RealtimeGrains.Speech.Recognition;

namespace RealtimeGrains.ClusterTests.Speech;

/// <summary>
/// Stands in for the engine: an utterance peaking below <see cref="LoudPeak"/> is "turn on the lights"; a louder one
/// fails as the engine does when it is not installed, so a test chooses the outcome by the audio it streams.
/// </summary>
internal sealed class ToneRecognizer : ISpeechRecognizer
{
    public const short LoudPeak = 20_000;

    public const string Text = "turn on the lights";

    public const string Missing = "PocketSphinx is not installed on this silo: apt-get install libpocketsphinx3 pocketsphinx-en-us";

    public Recognition Recognize(ReadOnlySpan<short> pcm, CancellationToken cancellationToken = default)
    {
        var peak = 0;
        foreach (var sample in pcm)
        {
            peak = Math.Max(peak, Math.Abs((int)sample));
        }

        return peak >= LoudPeak
            ? throw new SpeechEngineUnavailableException(Missing)
            : new Recognition(true, Text, 0.9, 1, Text);
    }
}
