namespace RealtimeGrains.Speech.Client.Audio;

/// <summary>
/// Reads WAV files for the service: integer PCM of 8, 16, 24 or 32 bits or 32-bit float (plain or
/// WAVE_FORMAT_EXTENSIBLE), any channels and rate; mixed to mono, resampled to 16 kHz, converted to 16-bit.
/// </summary>
public static class WavFile
{
    /// <summary>Reads and converts the WAV file at <paramref name="path"/>.</summary>
    /// <exception cref="WavFormatException">The file is missing, unreadable, not a WAV, empty, truncated, or of an unsupported encoding.</exception>
    public static WavAudio Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new WavFormatException($"file {path} cannot be read: {ex.Message}", ex);
        }

        return Parse(bytes, path);
    }

    /// <summary>Converts the WAV file <paramref name="bytes"/>; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="WavFormatException">The bytes are not a WAV, empty, truncated, or of an unsupported encoding.</exception>
    public static WavAudio Parse(ReadOnlyMemory<byte> bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (encoding, data) = RiffWaveReader.Read(bytes, name);
        var mono = PcmDecoder.DecodeMono(data.Span, encoding);
        var resampled = encoding.SampleRate == SpeechFormat.SampleRate
            ? mono
            : new SincResampler(encoding.SampleRate, SpeechFormat.SampleRate).Resample(mono);
        return new WavAudio(name, encoding, Pcm16.FromFloat(resampled));
    }
}
