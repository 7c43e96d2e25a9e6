namespace RealtimeGrains.Speech.Recognition;

/// <summary>
/// Checks JSGF text the way PocketSphinx will read it, but says where it is wrong: PocketSphinx's own parser
/// only writes its complaint to its log. Covers the header, <c>grammar</c> and <c>import</c> statements,
/// rules with alternatives, groups, optional parts, <c>*</c> and <c>+</c>, weights, tags and rule references.
/// </summary>
internal sealed class JsgfChecker
{
    private static readonly HashSet<string> SpecialRules = new(StringComparer.Ordinal) { "NULL", "VOID" };

    private readonly List<JsgfToken> _tokens;
    private readonly Dictionary<string, int> _rules = new(StringComparer.Ordinal);
    private readonly List<JsgfToken> _references = [];
    private readonly List<JsgfToken> _words = [];
    private int _next;
    private bool _hasPublicRule;

    private JsgfChecker(List<JsgfToken> tokens) => _tokens = tokens;

    /// <summary>The words of <paramref name="text"/> with their lines.</summary>
    /// <exception cref="FormatException">The text is not a usable grammar; the message starts with "line N:".</exception>
    public static IReadOnlyList<JsgfToken> Check(string text)
    {
        var checker = new JsgfChecker(JsgfLexer.Tokenize(text));
        checker.Grammar();
        return checker._words;
    }

    private JsgfToken Peek => _tokens[_next];

    private void Grammar()
    {
        if (!(Peek.Kind == JsgfTokenKind.Word && Peek.Text == "grammar"))
        {
            throw Error(Peek, $"expected 'grammar <name>;' first, found {Peek}");
        }

        _next++;
        Expect(JsgfTokenKind.Word, "a grammar name after 'grammar'");
        ExpectSymbol(';', "after the grammar's name");
        while (Peek.Kind == JsgfTokenKind.Word && Peek.Text == "import")
        {
            _next++;
            Expect(JsgfTokenKind.RuleName, "<grammar.rule> after 'import'");
            ExpectSymbol(';', "after the import");
        }

        while (Peek.Kind != JsgfTokenKind.End)
        {
            Rule();
        }

        if (!_hasPublicRule)
        {
            throw Error(Peek, "the grammar has no public rule (public <name> = ...;)");
        }

        foreach (var reference in _references)
        {
            if (!_rules.ContainsKey(reference.Text) && !SpecialRules.Contains(reference.Text) && !reference.Text.Contains('.', StringComparison.Ordinal))
            {
                throw Error(reference, $"rule <{reference.Text}> is used but never defined");
            }
        }
    }

    private void Rule()
    {
        if (Peek.Kind == JsgfTokenKind.Word && Peek.Text == "public")
        {
            _hasPublicRule = true;
            _next++;
        }

        var name = Expect(JsgfTokenKind.RuleName, "a rule definition (<name> = ...;)");
        if (!_rules.TryAdd(name.Text, name.Line))
        {
            throw Error(name, $"rule <{name.Text}> is already defined on line {_rules[name.Text]}");
        }

        ExpectSymbol('=', $"after <{name.Text}>");
        Alternatives(name);
        ExpectSymbol(';', $"to end the rule <{name.Text}> (or '|' between alternatives)");
    }

    private void Alternatives(JsgfToken owner)
    {
        Sequence(owner);
        while (Peek.IsSymbol('|'))
        {
            _next++;
            Sequence(owner);
        }
    }

    private void Sequence(JsgfToken owner)
    {
        if (Peek.Kind == JsgfTokenKind.Weight)
        {
            if (!double.TryParse(Peek.Text, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                throw Error(Peek, $"weight /{Peek.Text}/ is not a number");
            }

            _next++;
        }

        var items = 0;
        while (Item(owner))
        {
            items++;
        }

        if (items == 0)
        {
            throw Error(Peek, $"expected a word, <rule>, ( ) or [ ] in <{owner.Text}>, found {Peek}");
        }
    }

    private bool Item(JsgfToken owner)
    {
        var token = Peek;
        switch (token.Kind)
        {
            case JsgfTokenKind.Word or JsgfTokenKind.Quoted:
                _words.Add(token);
                _next++;
                break;
            case JsgfTokenKind.RuleName:
                _references.Add(token);
                _next++;
                break;
            case JsgfTokenKind.Symbol when token.IsSymbol('(') || token.IsSymbol('['):
                _next++;
                Alternatives(owner);
                ExpectSymbol(token.IsSymbol('(') ? ')' : ']', $"to close the '{token.Text}' opened on line {token.Line}");
                break;
            default:
                return false;
        }

        while (Peek.IsSymbol('*') || Peek.IsSymbol('+') || Peek.Kind == JsgfTokenKind.Tag)
        {
            _next++;
        }

        return true;
    }

    private JsgfToken Expect(JsgfTokenKind kind, string what)
    {
        var token = Peek;
        if (token.Kind != kind)
        {
            throw Error(token, $"expected {what}, found {token}");
        }

        _next++;
        return token;
    }

    private void ExpectSymbol(char symbol, string why)
    {
        if (!Peek.IsSymbol(symbol))
        {
            throw Error(Peek, $"expected '{symbol}' {why}, found {Peek}");
        }

        _next++;
    }

    private static FormatException Error(JsgfToken at, string problem) => new($"line {at.Line}: {problem}");
}
