using System.Buffers.Binary;

namespace RealtimeGrains.Speech.Client.Audio;

/// <summary>Decodes interleaved WAV sample blocks to mono samples in [-1, 1] (the channels' mean).</summary>
internal static class PcmDecoder
{
    public static float[] DecodeMono(ReadOnlySpan<byte> data, WavEncoding encoding)
    {
        var blocks = data.Length / encoding.BlockAlign;
        var width = encoding.BytesPerSample;
        var mono = new float[blocks];
        for (var block = 0; block < blocks; block++)
        {
            var at = block * encoding.BlockAlign;
            double sum = 0;
            for (var channel = 0; channel < encoding.Channels; channel++)
            {
                sum += Sample(data.Slice(at + (channel * width), width), encoding);
            }

            mono[block] = (float)(sum / encoding.Channels);
        }

        return mono;
    }

    private static double Sample(ReadOnlySpan<byte> bytes, WavEncoding encoding)
    {
        if (encoding.FormatCode == WavEncoding.IeeeFloat)
        {
            var value = BinaryPrimitives.ReadSingleLittleEndian(bytes);
            return float.IsFinite(value) ? Math.Clamp(value, -1f, 1f) : 0;
        }

        return encoding.BitsPerSample switch
        {
            // 8-bit WAV is unsigned, centred on 128.
            8 => (bytes[0] - 128) / 128.0,
            16 => BinaryPrimitives.ReadInt16LittleEndian(bytes) / 32768.0,
            24 => (((bytes[2] << 24) | (bytes[1] << 16) | (bytes[0] << 8)) >> 8) / 8388608.0,
            _ => BinaryPrimitives.ReadInt32LittleEndian(bytes) / 2147483648.0,
        };
    }
}
