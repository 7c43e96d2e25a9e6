using System.Buffers.Binary;

namespace RealtimeGrains.Testing;

/// <summary>One file of the shipped spoken-command set (test/SpeechCommands/manifest.tsv).</summary>
/// <param name="File">Full path of the WAV.</param>
/// <param name="Expected">The command spoken, "" for out-of-grammar speech and silence.</param>
/// <param name="Voice">espeak-ng voice ("-" for silence).</param>
/// <param name="Speed">Words per minute ("-" for silence).</param>
/// <param name="Noise">Background noise mixed in: none, pink or brown.</param>
internal sealed record SpeechSample(string File, string Expected, string Voice, string Speed, string Noise)
{
    public string Name => Path.GetFileName(File);

    public bool InGrammar => Expected.Length > 0;

    /// <summary>The samples of a 16 kHz mono 16-bit PCM WAV.</summary>
    public short[] ReadPcm() => SpeechTestSet.ReadPcm(File);
}

/// <summary>The spoken-command test set shipped under test/SpeechCommands (made by make-test-set.sh).</summary>
internal static class SpeechTestSet
{
    public static string Directory { get; } = Path.Combine(FindRoot(), "test", "SpeechCommands");

    public static string Manifest => Path.Combine(Directory, "manifest.tsv");

    /// <summary>The samples at the service's format (16 kHz mono): commands, out-of-grammar phrases, silence and noise.</summary>
    public static IReadOnlyList<SpeechSample> Samples { get; } = Load()
        .Where(s => !s.Name.StartsWith("convert-", StringComparison.Ordinal)).ToList();

    public static IEnumerable<SpeechSample> InGrammar => Samples.Where(s => s.InGrammar);

    public static IEnumerable<SpeechSample> OutOfGrammar => Samples.Where(s => !s.InGrammar && s.Voice != "-");

    public static SpeechSample Silence => Samples.Single(s => s.Name == "silence.wav");

    /// <summary>Pink noise without speech.</summary>
    public static SpeechSample Noise => Samples.Single(s => s.Name == "noise-pink.wav");

    /// <summary>Every file of the manifest, including the 44.1 kHz stereo and 8 kHz ones for conversion tests.</summary>
    public static IReadOnlyList<SpeechSample> Load() =>
        File.ReadLines(Manifest).Skip(1).Where(line => line.Length > 0).Select(line =>
        {
            var f = line.Split('\t');
            return new SpeechSample(Path.Combine(Directory, f[0]), f[1], f[2], f[3], f[4]);
        }).ToList();

    /// <summary>Reads a canonical 16 kHz mono 16-bit PCM WAV; anything else is refused.</summary>
    public static short[] ReadPcm(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var at = 12;
        int? rate = null, channels = null, bits = null;
        while (at + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, at, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4));
            var body = bytes.AsSpan(at + 8, Math.Min(size, bytes.Length - at - 8));
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadInt16LittleEndian(body[14..]);
            }
            else if (id == "data")
            {
                if (rate != 16_000 || channels != 1 || bits != 16)
                {
                    throw new InvalidDataException($"{file}: {rate} Hz, {channels} channels, {bits} bits; expected 16000 Hz mono 16-bit");
                }

                var pcm = new short[body.Length / 2];
                for (var i = 0; i < pcm.Length; i++)
                {
                    pcm[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(2 * i)..]);
                }

                return pcm;
            }

            at += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{file}: no data chunk");
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RealtimeGrains.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RealtimeGrains.sln not found above " + AppContext.BaseDirectory);
    }
}
