namespace RealtimeGrains.Speech;

/// <summary>What a session's event on the audio stream is.</summary>
public enum SpeechAudioKind
{
    /// <summary>Starts the session (its first event); frames of a session that was never opened are refused.</summary>
    Open = 0,

    /// <summary>One frame of audio: 20 ms of 16 kHz mono 16-bit little-endian PCM (640 bytes; the last may be shorter).</summary>
    Frame = 1,

    /// <summary>Ends the session: the open utterance is cut at once (push-to-talk release) and the session forgets its audio.</summary>
    Close = 2,
}

/// <summary>
/// An event of a speech session on the audio stream (<see cref="SpeechStreams.Audio"/>), keyed by session id.
/// A session is <see cref="SpeechAudioKind.Open"/>, then frames in order, then <see cref="SpeechAudioKind.Close"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.speech.audio")]
public sealed record SpeechAudio
{
    /// <summary>Open, frame or close.</summary>
    [Id(0)] public required SpeechAudioKind Kind { get; init; }

    /// <summary>The frame's index in the session (0, 1, 2, ...: frame n starts at n × 20 ms of the session's audio).</summary>
    [Id(1)] public long Frame { get; init; }

    /// <summary>The frame's samples: 16 kHz mono 16-bit little-endian PCM, at most <see cref="SpeechFormat.FrameBytes"/> bytes.</summary>
    [Id(2)] public byte[] Pcm { get; init; } = [];

    /// <summary>Sample rate of the session's audio, given on open; only <see cref="SpeechFormat.SampleRate"/> is accepted (the client library converts).</summary>
    [Id(3)] public int SampleRate { get; init; } = SpeechFormat.SampleRate;
}

/// <summary>The audio format of the service.</summary>
public static class SpeechFormat
{
    /// <summary>Samples per second.</summary>
    public const int SampleRate = 16_000;

    /// <summary>Length of one frame in milliseconds.</summary>
    public const int FrameMs = 20;

    /// <summary>Samples in one frame.</summary>
    public const int FrameSamples = SampleRate / 1000 * FrameMs;

    /// <summary>Bytes in one frame (16-bit samples).</summary>
    public const int FrameBytes = FrameSamples * 2;
}

/// <summary>Names of the service's streams, queue and task handler (as the embedded default declares them).</summary>
public static class SpeechStreams
{
    /// <summary>The audio stream: <see cref="SpeechAudio"/> events keyed by session id.</summary>
    public const string Audio = "speech";

    /// <summary>The results stream: <see cref="SpeechResult"/> outputs keyed by session id.</summary>
    public const string Results = "speech-results";

    /// <summary>The scheduler queue utterances are recognized on (SJF by default: cost = the utterance's length).</summary>
    public const string Queue = "asr";

    /// <summary>The task handler that recognizes one utterance.</summary>
    public const string Handler = "speech.recognize";
}
