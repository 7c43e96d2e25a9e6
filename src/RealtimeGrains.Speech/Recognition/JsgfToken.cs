namespace RealtimeGrains.Speech.Recognition;

/// <summary>One token of a JSGF grammar: a word, a quoted word, a rule name, a tag or a punctuation mark.</summary>
internal enum JsgfTokenKind
{
    Word,
    Quoted,
    RuleName,
    Tag,
    Weight,
    Symbol,
    End,
}

/// <summary>A token and the line it starts on.</summary>
internal readonly record struct JsgfToken(JsgfTokenKind Kind, string Text, int Line)
{
    public bool IsSymbol(char symbol) => Kind == JsgfTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;

    public override string ToString() => Kind switch
    {
        JsgfTokenKind.End => "the end of the file",
        JsgfTokenKind.RuleName => $"<{Text}>",
        _ => $"'{Text}'",
    };
}
