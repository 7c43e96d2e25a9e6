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

    /// <summary>The samples of a shipped file, read with the client library (the shipped commands are 16 kHz mono already).</summary>
    public static short[] ReadPcm(string file) => RealtimeGrains.Speech.Client.Audio.WavFile.Read(file).Samples;

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
