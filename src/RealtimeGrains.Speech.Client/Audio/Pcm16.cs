using System.Buffers.Binary;

namespace RealtimeGrains.Speech.Client.Audio;

/// <summary>16-bit PCM conversions.</summary>
public static class Pcm16
{
    /// <summary>Samples in [-1, 1] to 16-bit, rounded and clipped.</summary>
    public static short[] FromFloat(ReadOnlySpan<float> samples)
    {
        var output = new short[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            output[i] = (short)Math.Clamp(Math.Round(samples[i] * 32768.0), short.MinValue, short.MaxValue);
        }

        return output;
    }

    /// <summary>16-bit samples as little-endian bytes (the service's wire format).</summary>
    public static byte[] ToBytes(ReadOnlySpan<short> samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), samples[i]);
        }

        return bytes;
    }
}
