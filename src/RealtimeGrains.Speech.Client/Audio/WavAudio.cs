namespace RealtimeGrains.Speech.Client.Audio;

/// <summary>A WAV file converted to the service's format: 16 kHz mono 16-bit samples.</summary>
/// <param name="Path">The file (or the name given for the bytes).</param>
/// <param name="Source">How the file stored its samples.</param>
/// <param name="Samples">The audio at <see cref="SpeechFormat.SampleRate"/>, mono.</param>
public sealed record WavAudio(string Path, WavEncoding Source, short[] Samples)
{
    /// <summary>The audio's length.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SpeechFormat.SampleRate);
}
