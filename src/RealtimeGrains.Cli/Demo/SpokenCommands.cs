namespace RealtimeGrains.Cli.Demo;

/// <summary>A shipped spoken command: its WAV and the words spoken.</summary>
internal sealed record SpokenCommand(string File, string Expected)
{
    public string Name => Path.GetFileName(File);
}

/// <summary>Finds the shipped spoken-command set (<c>test/SpeechCommands/manifest.tsv</c>) from the working directory or rtg's own.</summary>
internal static class SpokenCommands
{
    public static string? FindDirectory()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "test", "SpeechCommands");
                if (File.Exists(Path.Combine(candidate, "manifest.tsv")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>One clean recording (no added noise) of each of the first <paramref name="count"/> commands in the manifest.</summary>
    public static IReadOnlyList<SpokenCommand> Pick(string directory, int count) =>
    [
        .. File.ReadLines(Path.Combine(directory, "manifest.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length >= 5 && f[1].Length > 0 && f[4] == "none" && f[0].StartsWith("cmd-", StringComparison.Ordinal))
            .DistinctBy(f => f[1], StringComparer.Ordinal)
            .Take(count)
            .Select(f => new SpokenCommand(Path.Combine(directory, f[0]), f[1])),
    ];
}
