using RealtimeGrains.Speech.Recognition;

namespace RealtimeGrains.Tests.Speech;

[Trait("Tier", "Unit")]
public sealed class SpeechGrammarTests : IDisposable
{
    private const string Header = "#JSGF V1.0;\n\ngrammar home;\n";
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"rtg-grammar-{Guid.NewGuid():N}.gram");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void CheckGrammar_Default_Passes() => PocketSphinxRecognizer.CheckGrammar(new SpeechEngineOptions());

    [Fact]
    public void CheckGrammar_ValidUserGrammar_Passes()
    {
        File.WriteAllText(_file, Header + "/* rooms */\n<room> = kitchen | bedroom;\npublic <cmd> = /2/ (open | close) the <room> door {act} | [please] stop;\n");

        PocketSphinxRecognizer.CheckGrammar(new SpeechEngineOptions { GrammarFile = _file });
    }

    [Theory]
    [InlineData("public <cmd> = open the door\n| close the door\n", 6, "expected ';' to end the rule <cmd>")]
    [InlineData("public <cmd> = open ( the door;\n", 4, "expected ')' to close the '(' opened on line 4")]
    [InlineData("\npublic <cmd> = open the <thing>;\n", 5, "rule <thing> is used but never defined")]
    [InlineData("public <cmd> = open the dooor;\n", 4, "the word 'dooor' is not in the dictionary")]
    [InlineData("<cmd> = open the door;\n", 5, "no public rule")]
    [InlineData("public <cmd> = open | ;\n", 4, "expected a word, <rule>, ( ) or [ ] in <cmd>, found ';'")]
    [InlineData("public <cmd> = open the door;\npublic <cmd> = stop;\n", 5, "rule <cmd> is already defined on line 4")]
    public void CheckGrammar_Broken_FailsNamingFileAndLine(string rules, int line, string problem)
    {
        File.WriteAllText(_file, Header + rules);

        var error = Assert.Throws<SpeechGrammarException>(() => PocketSphinxRecognizer.CheckGrammar(new SpeechEngineOptions { GrammarFile = _file }));

        Assert.StartsWith($"grammar file {_file}, line {line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckGrammar_NoGrammarStatement_FailsOnLineOne()
    {
        File.WriteAllText(_file, "public <cmd> = stop;\n");

        var error = Assert.Throws<SpeechGrammarException>(() => PocketSphinxRecognizer.CheckGrammar(new SpeechEngineOptions { GrammarFile = _file }));

        Assert.StartsWith($"grammar file {_file}, line 1: expected 'grammar <name>;' first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BrokenGrammar_FailsNamingFileAndLine()
    {
        File.WriteAllText(_file, Header + "public <cmd> = open the door\n");

        var error = Assert.Throws<SpeechGrammarException>(() => new PocketSphinxRecognizer(new SpeechEngineOptions { GrammarFile = _file }));

        Assert.StartsWith($"grammar file {_file}, line 5: expected ';'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  Turn  ON the\tLights ", "turn on the lights")]
    [InlineData("open(2) the door", "open the door")]
    [InlineData("", "")]
    public void Normalize_LowerCaseSingleSpaces(string hypothesis, string expected) =>
        Assert.Equal(expected, PocketSphinxRecognizer.Normalize(hypothesis));
}
