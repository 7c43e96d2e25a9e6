namespace RealtimeGrains.Speech.Recognition;

/// <summary>The JSGF command grammar of the engine: its text and where it came from (for messages).</summary>
internal sealed record SpeechGrammar(string Source, string Text)
{
    private const string DefaultResource = "RealtimeGrains.Speech.commands.gram";

    /// <summary>The configured grammar file, or the embedded default when none is configured.</summary>
    /// <exception cref="SpeechGrammarException">The file cannot be read.</exception>
    public static SpeechGrammar Load(string? file)
    {
        if (string.IsNullOrEmpty(file))
        {
            using var stream = typeof(SpeechGrammar).Assembly.GetManifestResourceStream(DefaultResource)
                ?? throw new InvalidOperationException($"embedded resource {DefaultResource} is missing from the build");
            using var reader = new StreamReader(stream);
            return new SpeechGrammar("default grammar (embedded commands.gram)", reader.ReadToEnd());
        }

        var source = $"grammar file {Path.GetFullPath(file)}";
        try
        {
            return new SpeechGrammar(source, File.ReadAllText(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SpeechGrammarException($"{source}: cannot be read: {ex.Message}");
        }
    }

    /// <summary>
    /// Checks the grammar's syntax and, when <paramref name="dictionary"/> exists, that every word has a
    /// pronunciation in it.
    /// </summary>
    /// <exception cref="SpeechGrammarException">The grammar is unusable; the message names the source and the line.</exception>
    public void Check(string dictionary)
    {
        IReadOnlyList<JsgfToken> words;
        try
        {
            words = JsgfChecker.Check(Text);
        }
        catch (FormatException ex)
        {
            throw new SpeechGrammarException($"{Source}, {ex.Message}");
        }

        if (File.Exists(dictionary))
        {
            var missing = MissingWords(words, dictionary);
            if (missing is { } word)
            {
                throw new SpeechGrammarException(
                    $"{Source}, line {word.Line}: the word '{word.Text}' is not in the dictionary {dictionary} (words are lower-case)");
            }
        }
    }

    private static JsgfToken? MissingWords(IReadOnlyList<JsgfToken> words, string dictionary)
    {
        var wanted = words.Select(w => w.Text).ToHashSet(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(dictionary))
        {
            var end = line.IndexOfAny([' ', '\t', '(']);
            wanted.Remove(end < 0 ? line : line[..end]);
            if (wanted.Count == 0)
            {
                return null;
            }
        }

        return words.First(w => wanted.Contains(w.Text));
    }
}
