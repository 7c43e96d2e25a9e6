namespace RealtimeGrains.Speech.Recognition;

/// <summary>Recognizes one utterance of 16 kHz mono 16-bit audio against the command grammar. Thread-safe.</summary>
public interface ISpeechRecognizer
{
    /// <summary>Recognizes <paramref name="pcm"/> (one utterance, 16 kHz mono samples).</summary>
    /// <exception cref="SpeechEngineUnavailableException">The speech engine is not installed or its model cannot be loaded.</exception>
    Recognition Recognize(ReadOnlySpan<short> pcm, CancellationToken cancellationToken = default);
}

/// <summary>What the engine made of one utterance.</summary>
/// <param name="Recognized">A command of the grammar, with at least the configured confidence.</param>
/// <param name="Text">The command's words ("" when unrecognized).</param>
/// <param name="Confidence">Confidence in [0, 1].</param>
/// <param name="DecodeMs">Time spent decoding, in milliseconds.</param>
/// <param name="Hypothesis">The engine's best hypothesis even when it is not confident enough ("" for none).</param>
public sealed record Recognition(bool Recognized, string Text, double Confidence, double DecodeMs, string Hypothesis);

/// <summary>The speech engine cannot run on this silo (library or model missing); the message names what to install.</summary>
public sealed class SpeechEngineUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
