using RealtimeGrains.Speech.Recognition;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.Tests.Speech;

[Collection(SpeechEngineCollection.Name)]
[Trait("Tier", "Unit")]
public sealed class PocketSphinxRecognizerTests(SpeechEngineFixture engine, ITestOutputHelper output)
{
    [Fact]
    public void Recognize_ShippedCommands_AtLeast90PercentExact()
    {
        var commands = SpeechTestSet.InGrammar.ToList();
        var misses = commands.Where(s => engine.Results[s.Name].Text != s.Expected).ToList();
        foreach (var miss in misses)
        {
            var result = engine.Results[miss.Name];
            output.WriteLine($"miss {miss.Name}: expected '{miss.Expected}', got '{result.Text}' (hypothesis '{result.Hypothesis}', confidence {result.Confidence:F3})");
        }

        var exact = (double)(commands.Count - misses.Count) / commands.Count;
        output.WriteLine($"{commands.Count - misses.Count}/{commands.Count} exact ({exact:P1})");
        Assert.Equal(100, commands.Count);
        // Measured: 92/100 (the misses are on/off, lock/unlock and start/stop on espeak-ng's British and female voices).
        Assert.True(exact >= 0.90, $"{exact:P1} of the shipped commands recognized exactly; expected at least 90%");
    }

    [Fact]
    public void Recognize_ShippedCommands_EveryCommandRecognizedInSomeVoice()
    {
        var recognized = SpeechTestSet.InGrammar.Where(s => engine.Results[s.Name].Text == s.Expected).Select(s => s.Expected).ToHashSet();

        Assert.Equal(SpeechTestSet.InGrammar.Select(s => s.Expected).Distinct().Order(), recognized.Order());
    }

    [Fact]
    public void Recognize_OutOfGrammarPhrases_MostUnrecognized()
    {
        var phrases = SpeechTestSet.OutOfGrammar.ToList();
        var accepted = phrases.Where(s => engine.Results[s.Name].Recognized).ToList();
        accepted.ForEach(s => output.WriteLine($"accepted {s.Name} as '{engine.Results[s.Name].Text}' ({engine.Results[s.Name].Confidence:F3})"));

        Assert.Equal(8, phrases.Count);
        // Measured: 5 of 8 rejected ("open the window" passes as "open the door", "send a message to john" as
        // "open the door", "order a large pizza" as "unlock the door").
        Assert.True(phrases.Count - accepted.Count >= 4, $"{phrases.Count - accepted.Count}/{phrases.Count} out-of-grammar phrases unrecognized; expected at least 4");
    }

    [Fact]
    public void Recognize_Unrecognized_TextEmptyHypothesisKept()
    {
        var rejected = engine.Results.Values.Where(r => !r.Recognized).ToList();

        Assert.NotEmpty(rejected);
        Assert.All(rejected, r => Assert.Equal("", r.Text));
        Assert.Contains(rejected, r => r.Hypothesis.Length > 0);
    }

    [Fact]
    public void Recognize_Silence_NoCommand()
    {
        var result = engine.Results[SpeechTestSet.Silence.Name];

        Assert.False(result.Recognized);
        Assert.Equal("", result.Text);
        Assert.Equal(0, result.Confidence);
    }

    [Fact]
    public void Recognize_NoiseWithoutSpeech_NoCommand()
    {
        var result = engine.Results[SpeechTestSet.Noise.Name];

        Assert.False(result.Recognized);
        Assert.Equal("", result.Text);
    }

    [Fact]
    public void Recognize_EmptyAudio_NoCommand()
    {
        var result = engine.Recognizer.Recognize([]);

        Assert.False(result.Recognized);
        Assert.Equal("", result.Text);
    }

    [Fact]
    public void Recognize_EightParallelCallersOverPoolOfTwo_SameAsSerial()
    {
        using var recognizer = new PocketSphinxRecognizer(new SpeechEngineOptions { Decoders = 2 });
        var samples = SpeechTestSet.Samples.Where((_, i) => i % 12 == 0).Take(8).Select(s => (s.Name, Pcm: s.ReadPcm())).ToList();
        var serial = samples.Select(s => recognizer.Recognize(s.Pcm)).ToList();

        var parallel = new Recognition[samples.Count];
        Parallel.For(0, samples.Count, new ParallelOptions { MaxDegreeOfParallelism = samples.Count }, i => parallel[i] = recognizer.Recognize(samples[i].Pcm));

        Assert.Equal(8, samples.Count);
        Assert.Equal(2, recognizer.DecodersCreated);
        for (var i = 0; i < samples.Count; i++)
        {
            Assert.Equal((samples[i].Name, serial[i].Recognized, serial[i].Text, serial[i].Hypothesis), (samples[i].Name, parallel[i].Recognized, parallel[i].Text, parallel[i].Hypothesis));
            Assert.InRange(parallel[i].Confidence, serial[i].Confidence - 0.2, serial[i].Confidence + 0.2);
        }
    }

    [Fact]
    public void Recognize_SameAudioAfterOtherUtterances_SameResult()
    {
        // An utterance's result depends on its audio only, not on what the pooled decoder heard before (the front end is
        // reset per utterance). A carried-over noise estimate made which decoder of the pool served a push-to-talk
        // command decide whether it was recognized (a flaky cluster test under load).
        using var recognizer = new PocketSphinxRecognizer(new SpeechEngineOptions { Decoders = 1 });
        var sample = SpeechTestSet.InGrammar.First(s => s is { Noise: "none", Voice: "en-gb" }).ReadPcm();
        var first = recognizer.Recognize(sample);
        foreach (var other in SpeechTestSet.Samples.Where((_, i) => i % 20 == 0))
        {
            recognizer.Recognize(other.ReadPcm());
        }

        var again = recognizer.Recognize(sample);

        Assert.Equal((first.Text, first.Hypothesis, first.Confidence), (again.Text, again.Hypothesis, again.Confidence));
    }

    [Fact]
    public void Recognize_CancelledToken_ThrowsWithoutDecoding()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => engine.Recognizer.Recognize(SpeechTestSet.Silence.ReadPcm(), cancelled.Token));
    }

    [Fact]
    public void Recognize_ModelMissing_ThrowsOneLineNamingPackages()
    {
        var options = new SpeechEngineOptions { ModelDirectory = "/nonexistent/en-us" };
        using var recognizer = new PocketSphinxRecognizer(options);

        var error = Assert.Throws<SpeechEngineUnavailableException>(() => recognizer.Recognize(SpeechTestSet.Silence.ReadPcm()));

        Assert.Contains("apt-get install libpocketsphinx3 pocketsphinx-en-us", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(error.Message, PocketSphinxRecognizer.Probe(options));
        Assert.Equal(0, recognizer.DecodersCreated);
    }

    [Fact]
    public void Prewarm_LoadsEveryDecoderOfThePool_AndNoneWithoutTheEngine()
    {
        using var recognizer = new PocketSphinxRecognizer(new SpeechEngineOptions { Decoders = 2 });
        using var missing = new PocketSphinxRecognizer(new SpeechEngineOptions { ModelDirectory = "/nonexistent/en-us" });

        recognizer.Prewarm();
        missing.Prewarm();

        Assert.Equal((2, 0), (recognizer.DecodersCreated, missing.DecodersCreated));
        Assert.True(recognizer.Recognize(SpeechTestSet.InGrammar.First().ReadPcm()).Recognized);
        Assert.Equal(2, recognizer.DecodersCreated);
    }

    [Fact]
    public void Probe_InstalledEngine_Null() => Assert.Null(PocketSphinxRecognizer.Probe());
}
