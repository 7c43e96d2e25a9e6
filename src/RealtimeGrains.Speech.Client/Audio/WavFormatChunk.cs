using System.Buffers.Binary;
using System.Globalization;

namespace RealtimeGrains.Speech.Client.Audio;

/// <summary>Reads and checks a <c>fmt </c> chunk (WAVEFORMAT, WAVEFORMATEX or WAVEFORMATEXTENSIBLE).</summary>
internal static class WavFormatChunk
{
    /// <exception cref="WavFormatException">The chunk is malformed or names an encoding the client does not convert.</exception>
    public static WavEncoding Parse(ReadOnlySpan<byte> chunk, string name)
    {
        if (chunk.Length < 16)
        {
            throw new WavFormatException(name, string.Create(CultureInfo.InvariantCulture, $"has a fmt chunk of {chunk.Length} bytes; it needs at least 16"));
        }

        int code = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (code == WavEncoding.Extensible)
        {
            if (chunk.Length < 40)
            {
                throw new WavFormatException(name, string.Create(CultureInfo.InvariantCulture,
                    $"uses WAVE_FORMAT_EXTENSIBLE but its fmt chunk has {chunk.Length} bytes, too few for the sub-format (40)"));
            }

            // The sub-format GUID's first two bytes are the format code (KSDATAFORMAT_SUBTYPE_PCM, ..._IEEE_FLOAT).
            code = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]);
        }

        var encoding = new WavEncoding(code, channels, (int)Math.Min(rate, int.MaxValue), bits, blockAlign);
        if (!encoding.IsSupported)
        {
            throw new WavFormatException(name, string.Create(CultureInfo.InvariantCulture,
                $"uses format code {code} ({Describe(code)}) with {bits} bits per sample, which is not supported; supported: {WavEncoding.SupportedDescription}"));
        }

        if (channels == 0 || rate == 0 || rate > 1_000_000)
        {
            throw new WavFormatException(name, string.Create(CultureInfo.InvariantCulture, $"has {channels} channels at {rate} Hz; it needs at least 1 channel at 1-1000000 Hz"));
        }

        if (blockAlign != channels * encoding.BytesPerSample)
        {
            throw new WavFormatException(name, string.Create(CultureInfo.InvariantCulture,
                $"has a block size of {blockAlign} bytes; {channels} channels of {bits} bits take {channels * encoding.BytesPerSample}"));
        }

        return encoding;
    }

    private static string Describe(int code) => code switch
    {
        WavEncoding.Pcm => "integer PCM",
        2 => "Microsoft ADPCM",
        WavEncoding.IeeeFloat => "IEEE float",
        6 => "A-law",
        7 => "µ-law",
        0x11 => "IMA ADPCM",
        0x31 => "GSM 6.10",
        0x55 => "MPEG Layer 3",
        _ => "unknown",
    };
}
