namespace RealtimeGrains.Speech.Client.Sessions;

/// <summary>
/// Paces frames at real time: frame n is due n × 20 ms after the first, an absolute deadline, so a late send does not
/// push back the frames after it and drift does not accumulate. <see cref="SpeechPace.Fast"/> never waits.
/// </summary>
internal sealed class FramePacer(TimeProvider time, SpeechPace pace)
{
    private long _start = -1;

    /// <summary>Waits until frame <paramref name="index"/> (0 for the first frame paced) is due.</summary>
    public Task WaitAsync(long index, CancellationToken cancellationToken)
    {
        if (pace == SpeechPace.Fast)
        {
            return Task.CompletedTask;
        }

        var now = time.GetTimestamp();
        if (_start < 0)
        {
            _start = now;
        }

        var wait = TimeSpan.FromMilliseconds(index * SpeechFormat.FrameMs) - time.GetElapsedTime(_start, now);
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
