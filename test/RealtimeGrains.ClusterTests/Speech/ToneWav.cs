using System.Buffers.Binary;

namespace RealtimeGrains.ClusterTests.Speech;

/// <summary>Test recordings: 44.1 kHz stereo 16-bit WAV files of silence around a tone burst, written to temporary files.</summary>
internal static class ToneWav
{
    private const int Rate = 44_100;

    /// <summary>Writes <paramref name="leadMs"/> of silence, <paramref name="toneMs"/> of a 300 Hz tone at <paramref name="amplitude"/>, then <paramref name="tailMs"/> of silence.</summary>
    public static string Write(int leadMs, int toneMs, int tailMs, double amplitude)
    {
        var lead = Rate * leadMs / 1000;
        var tone = Rate * toneMs / 1000;
        var frames = lead + tone + (Rate * tailMs / 1000);
        var data = new byte[frames * 4];
        for (var i = lead; i < lead + tone; i++)
        {
            var sample = (short)(amplitude * Math.Sin(2 * Math.PI * 300 * i / Rate));
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 4), sample);
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan((i * 4) + 2), sample);
        }

        var file = new byte[44 + data.Length];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(4), file.Length - 8);
        "WAVEfmt "u8.CopyTo(file.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(22), 2);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(24), Rate);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(28), Rate * 4);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(32), 4);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(34), 16);
        "data"u8.CopyTo(file.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(40), data.Length);
        data.CopyTo(file.AsSpan(44));

        var path = Path.Combine(Path.GetTempPath(), $"rtg-speech-{Guid.NewGuid():N}.wav");
        File.WriteAllBytes(path, file);
        return path;
    }
}
