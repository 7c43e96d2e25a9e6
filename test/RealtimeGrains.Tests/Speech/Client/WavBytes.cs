using System.Buffers.Binary;
using System.Text;

namespace RealtimeGrains.Tests.Speech.Client;

/// <summary>Builds WAV files in memory: a fmt chunk, optional extra chunks, and a data chunk.</summary>
internal sealed class WavBytes
{
    private readonly List<(string Id, byte[] Body)> _chunks = [];

    public static WavBytes Pcm(int rate, int channels, int bits, byte[] data) =>
        new WavBytes().Format(1, rate, channels, bits).Chunk("data", data);

    public WavBytes Format(int code, int rate, int channels, int bits, int? extensibleSubFormat = null)
    {
        var body = new byte[extensibleSubFormat is null ? 16 : 40];
        BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)(extensibleSubFormat is null ? code : 0xFFFE));
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)(rate * channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), (ushort)bits);
        if (extensibleSubFormat is { } sub)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), (ushort)bits);
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), channels == 1 ? 4u : 3u);
            // KSDATAFORMAT_SUBTYPE_*: {0000xxxx-0000-0010-8000-00AA00389B71}.
            byte[] guid = [0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            BinaryPrimitives.WriteUInt16LittleEndian(guid, (ushort)sub);
            guid.CopyTo(body.AsSpan(24));
        }

        return Chunk("fmt ", body);
    }

    public WavBytes Chunk(string id, byte[] body)
    {
        _chunks.Add((id, body));
        return this;
    }

    /// <summary>The file; <paramref name="declaredDataSize"/> overrides the data chunk's size field (to fake truncation).</summary>
    public byte[] Build(uint? declaredDataSize = null)
    {
        using var stream = new MemoryStream();
        stream.Write("RIFF"u8);
        stream.Write(new byte[4]);
        stream.Write("WAVE"u8);
        foreach (var (id, body) in _chunks)
        {
            stream.Write(Encoding.ASCII.GetBytes(id));
            var size = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(size, id == "data" && declaredDataSize is { } declared ? declared : (uint)body.Length);
            stream.Write(size);
            stream.Write(body);
            if (body.Length % 2 == 1 && id != "data")
            {
                stream.WriteByte(0);
            }
        }

        var bytes = stream.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    public static byte[] Int16(params short[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), samples[i]);
        }

        return bytes;
    }

    public static byte[] Float32(params float[] samples)
    {
        var bytes = new byte[samples.Length * 4];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), samples[i]);
        }

        return bytes;
    }

    /// <summary>A sine of <paramref name="hz"/> at <paramref name="rate"/>, <paramref name="seconds"/> long, amplitude <paramref name="amplitude"/>.</summary>
    public static float[] Sine(double hz, int rate, double seconds, double amplitude = 0.5) =>
        [.. Enumerable.Range(0, (int)(rate * seconds)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / rate)))];
}
