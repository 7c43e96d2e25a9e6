using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    /// A grammar that does not parse stops the start with the file and line. The silo starts without the engine
    /// installed: it logs one warning, and recognitions fail with a line naming the packages to install.
    /// </summary>
    public static ISiloBuilder AddSpeechRecognition(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SpeechEngineOptions>().BindConfiguration(SpeechEngineOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SpeechEngineOptions>, SpeechEngineOptionsValidator>();
        builder.Services.TryAddSingleton<ISpeechRecognizer>(sp => new PocketSphinxRecognizer(
            sp.GetRequiredService<IOptions<SpeechEngineOptions>>().Value, sp.GetService<ILogger<PocketSphinxRecognizer>>()));
        builder.Services.AddHostedService<SpeechEngineProbe>();
        builder.AddKeyedProcessor<SpeechSessionProcessor>(SpeechSessionProcessor.Name);
        builder.AddTaskHandler<RecognizeTaskHandler>();
        return builder;
    }
}
