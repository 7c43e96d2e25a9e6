using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealtimeGrains.Speech.Recognition;

namespace RealtimeGrains.Speech;

/// <summary>Says once, at start, whether this silo can recognize speech (and what to install when it cannot).</summary>
internal sealed partial class SpeechEngineProbe(IOptions<SpeechEngineOptions> options, ILogger<SpeechEngineProbe> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (PocketSphinxRecognizer.Probe(options.Value) is { } missing)
        {
            LogUnavailable(logger, missing);
        }
        else
        {
            LogReady(logger, string.IsNullOrEmpty(options.Value.GrammarFile) ? "the default command grammar" : options.Value.GrammarFile, options.Value.DecoderCount);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Speech recognition is unavailable on this silo: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Speech recognition ready: {Grammar}, up to {Decoders} decoders")]
    private static partial void LogReady(ILogger logger, string grammar, int decoders);
}
