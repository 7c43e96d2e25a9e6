using RealtimeGrains.Scheduling;
using RealtimeGrains.Speech.Recognition;
using RealtimeGrains.Speech.Sessions;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Speech;

/// <summary>Silo registration of the spoken-command recognition service, built only on the public API.</summary>
public static class SpeechSiloBuilderExtensions
{
    /// <summary>
    /// Registers the session processor (<c>speech-vad</c>, for the audio stream's declaration) and the recognition
    /// task handler (<c>speech.recognize</c>) with the engine (PocketSphinx, options in <c>RealtimeGrains:Speech</c>).
    /// The silo starts without the engine installed; recognitions then fail with a line naming the packages.
    /// </summary>
    public static ISiloBuilder AddSpeechRecognition(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddKeyedProcessor<SpeechSessionProcessor>(SpeechSessionProcessor.Name);
        builder.AddTaskHandler<RecognizeTaskHandler>();
        return builder;
    }
}
