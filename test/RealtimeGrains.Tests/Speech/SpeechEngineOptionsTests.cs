using RealtimeGrains.Speech.Recognition;

namespace RealtimeGrains.Tests.Speech;

[Trait("Tier", "Unit")]
public sealed class SpeechEngineOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        var options = new SpeechEngineOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(Environment.ProcessorCount, options.DecoderCount);
        Assert.Null(options.GrammarFile);
    }

    [Fact]
    public void Validate_BadValues_NameKeyValueAndRange()
    {
        var options = new SpeechEngineOptions { MinConfidence = 1.5, Decoders = 257, GrammarFile = "/nonexistent/x.gram", Dictionary = " " };

        Assert.Equal(
            [
                "RealtimeGrains:Speech:MinConfidence = '1.5' is not valid; allowed: a number in [0, 1]",
                "RealtimeGrains:Speech:Decoders = '257' is not valid; allowed: 0-256",
                "RealtimeGrains:Speech:GrammarFile = '/nonexistent/x.gram' is not valid; allowed: an existing JSGF file, or empty for the default grammar",
                "RealtimeGrains:Speech:Dictionary = ' ' is not valid; allowed: a path",
            ],
            options.Validate());
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithTheErrors()
    {
        var error = Assert.Throws<ArgumentException>(() => new PocketSphinxRecognizer(new SpeechEngineOptions { Decoders = -1 }));

        Assert.Contains("RealtimeGrains:Speech:Decoders = '-1'", error.Message, StringComparison.Ordinal);
    }
}
