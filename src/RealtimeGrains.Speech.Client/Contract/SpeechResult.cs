namespace RealtimeGrains.Speech;

/// <summary>Why an utterance was cut.</summary>
public enum UtteranceEnd
{
    /// <summary>The configured silence followed the speech (counted in the session's audio).</summary>
    Silence = 0,

    /// <summary>The audio stopped arriving: the silence timer (processing time) fired.</summary>
    Timer = 1,

    /// <summary>The utterance reached the maximum length and was cut (the speech goes on in the next one).</summary>
    MaxLength = 2,

    /// <summary>The session was closed.</summary>
    Closed = 3,
}

/// <summary>The result of one utterance of a session, emitted on <see cref="SpeechStreams.Results"/> keyed by session id.</summary>
[GenerateSerializer, Immutable, Alias("rtg.speech.result")]
public sealed record SpeechResult
{
    /// <summary>The session.</summary>
    [Id(0)] public required string Session { get; init; }

    /// <summary>The utterance's number in the session (1, 2, ...).</summary>
    [Id(1)] public int Utterance { get; init; }

    /// <summary>True when the engine recognized a command with enough confidence; false: unrecognized (or an error).</summary>
    [Id(2)] public bool Recognized { get; init; }

    /// <summary>The recognized command's words ("" when unrecognized).</summary>
    [Id(3)] public string Text { get; init; } = "";

    /// <summary>Confidence in [0, 1].</summary>
    [Id(4)] public double Confidence { get; init; }

    /// <summary>Where the utterance starts in the session's audio, in milliseconds.</summary>
    [Id(5)] public long StartMs { get; init; }

    /// <summary>Where the utterance ends in the session's audio (its last voiced frame's end), in milliseconds.</summary>
    [Id(6)] public long EndMs { get; init; }

    /// <summary>Why the utterance was cut.</summary>
    [Id(7)] public UtteranceEnd End { get; init; }

    /// <summary>Time the decoder spent on the utterance, in milliseconds.</summary>
    [Id(8)] public double DecodeMs { get; init; }

    /// <summary>Service latency: from the arrival of the utterance's last voiced frame at its partition to this result, in milliseconds.</summary>
    [Id(9)] public double LatencyMs { get; init; }

    /// <summary>Why there is no recognition (engine unavailable, the task failed), or null.</summary>
    [Id(10)] public string? Error { get; init; }

    /// <summary>
    /// The session's last result: it was closed and none of its utterances is still being recognized. When the
    /// close leaves nothing to report, the last result is a marker with <see cref="Utterance"/> 0 and no text.
    /// </summary>
    [Id(11)] public bool Last { get; init; }
}
