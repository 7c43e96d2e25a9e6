namespace RealtimeGrains.Speech.Client.Sessions;

/// <summary>Cuts samples of any length into the service's frames (20 ms, 640 bytes), keeping a partial frame for later.</summary>
internal sealed class FrameCutter
{
    private readonly short[] _partial = new short[SpeechFormat.FrameSamples];
    private int _count;

    /// <summary>Samples waiting for a frame to fill.</summary>
    public int Pending => _count;

    /// <summary>Appends <paramref name="samples"/> and returns the frames they completed, as 16-bit little-endian PCM.</summary>
    public List<byte[]> Append(ReadOnlySpan<short> samples)
    {
        var frames = new List<byte[]>((_count + samples.Length) / SpeechFormat.FrameSamples);
        while (!samples.IsEmpty)
        {
            var take = Math.Min(samples.Length, SpeechFormat.FrameSamples - _count);
            samples[..take].CopyTo(_partial.AsSpan(_count));
            _count += take;
            samples = samples[take..];
            if (_count == SpeechFormat.FrameSamples)
            {
                frames.Add(Audio.Pcm16.ToBytes(_partial));
                _count = 0;
            }
        }

        return frames;
    }

    /// <summary>The partial frame (shorter than 20 ms), or null when there is none; the cutter is empty afterwards.</summary>
    public byte[]? TakeRemainder()
    {
        if (_count == 0)
        {
            return null;
        }

        var bytes = Audio.Pcm16.ToBytes(_partial.AsSpan(0, _count));
        _count = 0;
        return bytes;
    }
}
