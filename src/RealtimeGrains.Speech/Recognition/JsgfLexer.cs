using System.Text;

namespace RealtimeGrains.Speech.Recognition;

/// <summary>Splits JSGF text into tokens with their line numbers; comments are dropped.</summary>
internal static class JsgfLexer
{
    private const string Symbols = ";=|*+()[]";

    /// <summary>Tokens of <paramref name="text"/>, ending with an <see cref="JsgfTokenKind.End"/> token.</summary>
    /// <exception cref="FormatException">An unterminated comment, quote, tag, weight or rule name; the message starts with "line N:".</exception>
    public static List<JsgfToken> Tokenize(string text)
    {
        var tokens = new List<JsgfToken>();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && At(text, i + 1, '/'))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && At(text, i + 1, '*'))
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new FormatException($"line {line}: the comment is not closed with */");
                }

                line += Count(text, i, end, '\n');
                i = end + 2;
            }
            else if (c == '#' && tokens.Count == 0 && text.AsSpan(i).StartsWith("#JSGF", StringComparison.Ordinal))
            {
                var end = text.IndexOf(';', i);
                if (end < 0)
                {
                    throw new FormatException($"line {line}: the #JSGF header does not end with ';'");
                }

                line += Count(text, i, end, '\n');
                i = end + 1;
            }
            else if (Symbols.Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new JsgfToken(JsgfTokenKind.Symbol, c.ToString(), line));
                i++;
            }
            else if (c is '<' or '"' or '{' or '/')
            {
                var close = c switch { '<' => '>', '"' => '"', '{' => '}', _ => '/' };
                var end = text.IndexOf(close, i + 1);
                var newline = text.IndexOf('\n', i + 1);
                if (end < 0 || (c != '{' && newline >= 0 && newline < end))
                {
                    throw new FormatException($"line {line}: '{c}' is not closed with '{close}' on the same line");
                }

                var kind = c switch { '<' => JsgfTokenKind.RuleName, '"' => JsgfTokenKind.Quoted, '{' => JsgfTokenKind.Tag, _ => JsgfTokenKind.Weight };
                tokens.Add(new JsgfToken(kind, text[(i + 1)..end].Trim(), line));
                line += Count(text, i, end, '\n');
                i = end + 1;
            }
            else
            {
                var word = new StringBuilder();
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && !Symbols.Contains(text[i], StringComparison.Ordinal)
                       && text[i] is not ('<' or '>' or '"' or '{' or '}' or '/'))
                {
                    word.Append(text[i++]);
                }

                if (word.Length == 0)
                {
                    throw new FormatException($"line {line}: unexpected '{text[i]}'");
                }

                tokens.Add(new JsgfToken(JsgfTokenKind.Word, word.ToString(), line));
            }
        }

        tokens.Add(new JsgfToken(JsgfTokenKind.End, "", line));
        return tokens;
    }

    private static bool At(string text, int index, char c) => index < text.Length && text[index] == c;

    private static int Count(string text, int from, int to, char c) => text.AsSpan(from, to - from).Count(c);
}
