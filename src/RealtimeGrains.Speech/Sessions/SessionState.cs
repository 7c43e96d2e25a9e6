namespace RealtimeGrains.Speech.Sessions;

/// <summary>
/// What the service keeps per session besides its audio (the open utterance's frames are the key's log, so a
/// checkpoint writes only the frames that arrived, plus this small record).
/// </summary>
[GenerateSerializer, Alias("rtg.speech.session")]
public sealed class SessionState
{
    /// <summary>Opened and not closed.</summary>
    [Id(0)] public bool Open { get; set; }

    /// <summary>Index of the next frame expected.</summary>
    [Id(1)] public long NextFrame { get; set; }

    /// <summary>Frame index of the log's first record.</summary>
    [Id(2)] public long LogFirstFrame { get; set; }

    /// <summary>The adaptive noise floor, in dBFS (NaN until the first frame).</summary>
    [Id(3)] public double NoiseDb { get; set; } = double.NaN;

    /// <summary>An utterance is open (voice was heard since the last cut).</summary>
    [Id(4)] public bool InSpeech { get; set; }

    /// <summary>First voiced frame of the open utterance.</summary>
    [Id(5)] public long SpeechStartFrame { get; set; }

    /// <summary>Last voiced frame of the open utterance.</summary>
    [Id(6)] public long LastVoicedFrame { get; set; }

    /// <summary>Voiced frames in the open utterance.</summary>
    [Id(7)] public int VoicedFrames { get; set; }

    /// <summary>When the last voiced frame arrived (processing time, Unix ms), for the latency of its result.</summary>
    [Id(8)] public long LastVoicedArrivalMs { get; set; }

    /// <summary>Utterances cut so far (the next one's number is this plus one).</summary>
    [Id(9)] public int Utterances { get; set; }

    /// <summary>The silence timer fired late (the partition was stalled) and was given one more timeout.</summary>
    [Id(11)] public bool TimerExtended { get; set; }

    /// <summary>Utterances being recognized, by submission id.</summary>
    [Id(10)] public Dictionary<string, PendingUtterance> Pending { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A copy to change (the pending utterances shared until <see cref="OwnPending"/>): a call that is refused or
    /// throws then leaves the held state as it was, like the log and the other effects.
    /// </summary>
    public SessionState Copy() => (SessionState)MemberwiseClone();

    /// <summary>Gives this copy its own pending utterances, before it changes them.</summary>
    public Dictionary<string, PendingUtterance> OwnPending() => Pending = new Dictionary<string, PendingUtterance>(Pending, StringComparer.Ordinal);
}

/// <summary>An utterance submitted for recognition, waiting for its outcome.</summary>
[GenerateSerializer, Immutable, Alias("rtg.speech.pending")]
public sealed record PendingUtterance(
    [property: Id(0)] int Number,
    [property: Id(1)] long StartMs,
    [property: Id(2)] long EndMs,
    [property: Id(3)] UtteranceEnd End,
    [property: Id(4)] long LastVoicedArrivalMs);
