using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealtimeGrains.Speech.Recognition;

namespace RealtimeGrains.Speech;

/// <summary>
/// Says once, at start, whether this silo can recognize speech (and what to install when it cannot); when it can,
/// loads the decoders in the background so the first utterances do not wait for the model.
/// </summary>
internal sealed partial class SpeechEngineProbe(IOptions<SpeechEngineOptions> options, ISpeechRecognizer recognizer, ILogger<SpeechEngineProbe> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (PocketSphinxRecognizer.Probe(options.Value) is { } missing)
        {
            LogUnavailable(logger, missing);
            return Task.CompletedTask;
        }

        var grammar = string.IsNullOrEmpty(options.Value.GrammarFile) ? "the default command grammar" : options.Value.GrammarFile;
        LogReady(logger, grammar, options.Value.DecoderCount);
        return recognizer is PocketSphinxRecognizer engine ? Task.Run(() => Prewarm(engine, stoppingToken), stoppingToken) : Task.CompletedTask;
    }

    private void Prewarm(PocketSphinxRecognizer engine, CancellationToken stoppingToken)
    {
        try
        {
            engine.Prewarm(stoppingToken);
        }
        catch (Exception ex) when (ex is SpeechEngineUnavailableException or OperationCanceledException)
        {
            LogPrewarmFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Speech recognition is unavailable on this silo: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Speech recognition ready: {Grammar}, up to {Decoders} decoders")]
    private static partial void LogReady(ILogger logger, string grammar, int decoders);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Speech decoders not loaded ahead: {Reason}")]
    private static partial void LogPrewarmFailed(ILogger logger, string reason);
}
