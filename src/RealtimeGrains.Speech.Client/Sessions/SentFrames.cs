namespace RealtimeGrains.Speech.Client.Sessions;

/// <summary>When each frame of a session was sent, to measure a result's latency from the frame its speech ends in. Thread-safe.</summary>
internal sealed class SentFrames(TimeProvider time)
{
    private readonly List<long> _sentAt = [];
    private readonly Lock _gate = new();

    /// <summary>Frames recorded so far.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _sentAt.Count;
            }
        }
    }

    /// <summary>Records that the next frame is sent now and returns its index.</summary>
    public long Next()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            _sentAt.Add(now);
            return _sentAt.Count - 1;
        }
    }

    /// <summary>
    /// Milliseconds from sending the frame that holds the audio just before <paramref name="endMs"/> to
    /// <paramref name="arrivedAt"/> (a timestamp of the same time provider); null when no such frame was sent.
    /// </summary>
    public double? LatencyMs(long endMs, long arrivedAt)
    {
        var frame = ((endMs + SpeechFormat.FrameMs - 1) / SpeechFormat.FrameMs) - 1;
        lock (_gate)
        {
            return frame >= 0 && frame < _sentAt.Count ? time.GetElapsedTime(_sentAt[(int)frame], arrivedAt).TotalMilliseconds : null;
        }
    }
}
