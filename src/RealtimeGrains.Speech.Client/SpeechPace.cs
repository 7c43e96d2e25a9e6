namespace RealtimeGrains.Speech.Client;

/// <summary>How fast a recording is streamed.</summary>
public enum SpeechPace
{
    /// <summary>One frame every 20 ms, as a microphone would deliver it (absolute deadlines: no drift).</summary>
    RealTime = 0,

    /// <summary>As fast as the producer accepts the frames.</summary>
    Fast = 1,
}
