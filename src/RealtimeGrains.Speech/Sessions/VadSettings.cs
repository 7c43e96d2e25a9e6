using System.Globalization;
using System.Runtime.CompilerServices;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Speech.Sessions;

/// <summary>
/// Voice activity detection and cutting, from the audio stream's <c>Settings</c> (all optional):
/// <c>SilenceMs</c> (300: silence in the audio that ends an utterance), <c>AudioTimeoutMs</c> (1000: no frame at
/// all for this long, in processing time, ends it: the audio stopped without a close), <c>MaxUtteranceMs</c> (10000), <c>MinSpeechMs</c>
/// (100: less voiced audio is noise, not an utterance), <c>PaddingMs</c> (200: audio kept before the speech
/// starts and after it ends, for the decoder), <c>ThresholdDb</c> (10: how far above the noise floor a voiced
/// frame is) and <c>Queue</c> (<c>asr</c>).
/// </summary>
internal sealed record VadSettings(int SilenceMs, int AudioTimeoutMs, int MaxUtteranceMs, int MinSpeechMs, int PaddingMs, double ThresholdDb, string Queue)
{
    private static readonly ConditionalWeakTable<StreamDefinition, VadSettings> Parsed = [];

    public int SilenceFrames => Frames(SilenceMs);

    public int MaxFrames => Frames(MaxUtteranceMs);

    public int MinSpeechFrames => Frames(MinSpeechMs);

    public int PaddingFrames => Frames(PaddingMs);

    /// <summary>The settings of <paramref name="stream"/>, or null with the problem in <paramref name="error"/>.</summary>
    public static VadSettings? For(StreamDefinition stream, out string? error)
    {
        if (Parsed.TryGetValue(stream, out var settings))
        {
            error = null;
            return settings;
        }

        var errors = new List<string>();
        var parsed = new VadSettings(
            Number(stream, "SilenceMs", 300, 20, 10_000, errors),
            Number(stream, "AudioTimeoutMs", 1_000, 100, 60_000, errors),
            Number(stream, "MaxUtteranceMs", 10_000, 200, 60_000, errors),
            Number(stream, "MinSpeechMs", 100, 0, 5_000, errors),
            Number(stream, "PaddingMs", 200, 0, 2_000, errors),
            Number(stream, "ThresholdDb", 10, 1, 60, errors),
            stream.Settings.TryGetValue("Queue", out var queue) ? queue : SpeechStreams.Queue);
        if (!Scheduling.TaskIds.IsValidQueueName(parsed.Queue))
        {
            errors.Add($"Settings:Queue = '{parsed.Queue}' is not a queue name");
        }

        if (errors.Count > 0)
        {
            error = $"stream '{stream.Name}': {string.Join("; ", errors)}";
            return null;
        }

        error = null;
        return Parsed.GetValue(stream, _ => parsed);
    }

    private static int Frames(int ms) => Math.Max(1, (ms + SpeechFormat.FrameMs - 1) / SpeechFormat.FrameMs);

    private static int Number(StreamDefinition stream, string name, int fallback, int min, int max, List<string> errors)
    {
        if (!stream.Settings.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"Settings:{name} = '{text}' is not valid; allowed: {min}-{max}");
        return fallback;
    }
}
