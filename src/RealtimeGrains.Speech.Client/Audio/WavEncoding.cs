namespace RealtimeGrains.Speech.Client.Audio;

/// <summary>How a WAV file's samples are stored, from its <c>fmt </c> chunk.</summary>
/// <param name="FormatCode">1: integer PCM, 3: IEEE float (WAVE_FORMAT_EXTENSIBLE is resolved to its sub-format).</param>
/// <param name="Channels">Interleaved channels.</param>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="BitsPerSample">Bits of each stored sample (8, 16, 24 or 32).</param>
/// <param name="BlockAlign">Bytes of one sample of every channel.</param>
public sealed record WavEncoding(int FormatCode, int Channels, int SampleRate, int BitsPerSample, int BlockAlign)
{
    /// <summary>Integer PCM.</summary>
    public const int Pcm = 1;

    /// <summary>IEEE floating point.</summary>
    public const int IeeeFloat = 3;

    /// <summary>A <c>fmt </c> chunk whose real format is the GUID sub-format it carries.</summary>
    public const int Extensible = 0xFFFE;

    /// <summary>Bytes of one stored sample of one channel.</summary>
    public int BytesPerSample => BitsPerSample / 8;

    /// <summary>Whether the client converts this encoding (integer PCM 8/16/24/32-bit, 32-bit float).</summary>
    public bool IsSupported => FormatCode switch
    {
        Pcm => BitsPerSample is 8 or 16 or 24 or 32,
        IeeeFloat => BitsPerSample == 32,
        _ => false,
    };

    /// <summary>What the client converts, for error messages.</summary>
    public const string SupportedDescription = "integer PCM (format 1) of 8, 16, 24 or 32 bits, or 32-bit IEEE float (format 3), also inside WAVE_FORMAT_EXTENSIBLE";
}
