namespace RealtimeGrains.Speech.Client.Audio;

/// <summary>A WAV file that cannot be read: not a WAV, empty, truncated, or an encoding the client does not convert. The message names the file.</summary>
public sealed class WavFormatException : Exception
{
    public WavFormatException(string path, string problem)
        : base($"file {path} {problem}")
    {
        Path = path;
    }

    public WavFormatException()
    {
        Path = "";
    }

    public WavFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "";
    }

    /// <summary>The file (or the name given for the bytes).</summary>
    public string Path { get; }
}
