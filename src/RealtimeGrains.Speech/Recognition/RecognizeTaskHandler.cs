using System.Runtime.InteropServices;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Speech.Telemetry;

namespace RealtimeGrains.Speech.Recognition;

/// <summary>
/// <c>speech.recognize</c>: recognizes one utterance (the task's payload: 16 kHz mono 16-bit little-endian PCM)
/// with the silo's <see cref="ISpeechRecognizer"/>; the result is <see cref="RecognitionWire"/> JSON.
/// </summary>
internal sealed class RecognizeTaskHandler(ISpeechRecognizer recognizer) : ITaskHandler
{
    public string Name => SpeechStreams.Handler;

    public ValueTask<byte[]> ExecuteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length % 2 != 0)
        {
            throw new ArgumentException($"an utterance of {payload.Length} bytes; 16-bit samples need an even count", nameof(payload));
        }

        var samples = MemoryMarshal.Cast<byte, short>(payload.Span);
        var recognition = recognizer.Recognize(samples, cancellationToken);
        SpeechMetrics.Decoded(recognition.DecodeMs, recognition.Recognized);
        return ValueTask.FromResult(RecognitionWire.Write(recognition));
    }
}
