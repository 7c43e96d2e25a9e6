using System.Text.Json;
using RealtimeGrains.Cli;
using RealtimeGrains.Cli.Commands;
using RealtimeGrains.Speech;
using RealtimeGrains.Speech.Client;
using RealtimeGrains.Speech.Client.Audio;
using RealtimeGrains.Testing;

namespace RealtimeGrains.ClusterTests.Speech;

/// <summary>The client library and <c>rtg speech</c> against the service with the real engine, on the shipped spoken commands.</summary>
[Collection(SpeechClusterCollection.Name)]
[Trait("Tier", "Cluster")]
public sealed class SpeechClientTests(SpeechClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task StreamAsync_ASpokenCommand_GetsItsTextWithClientLatency_AndTheResultsEnd()
    {
        var sample = SpeechTestSet.InGrammar.First(s => s is { Noise: "none", Voice: "en-us" });
        var audio = WavFile.Read(sample.File);
        await using var client = new SpeechClient(fixture.Client, new SpeechClientOptions { ResultsGrace = TimeSpan.FromMinutes(10) });
        await using var session = await client.OpenSessionAsync();

        var reading = session.ReadResultsAsync().ToListAsync().AsTask();
        await session.StreamAsync(audio.Samples, SpeechPace.Fast).WaitAsync(Timeout);
        var result = Assert.Single(await reading.WaitAsync(Timeout));

        Assert.Equal((session.Id, 1, true, sample.Expected), (result.Result.Session, result.Result.Utterance, result.Result.Recognized, result.Result.Text));
        Assert.True(result.Result.Last);
        Assert.InRange(result.Result.StartMs, 0, 400);
        Assert.InRange(result.Result.EndMs, result.Result.StartMs + 300, audio.Duration.TotalMilliseconds);
        Assert.Null(result.Result.Error);
        Assert.InRange(result.LatencyMs!.Value, 0, Timeout.TotalMilliseconds);
        Assert.Equal((long)Math.Ceiling(audio.Samples.Length / (double)SpeechFormat.FrameSamples), session.FramesSent);
    }

    [Fact]
    public async Task StreamAsync_A44kStereoWav_IsConvertedAndRecognized()
    {
        var sample = SpeechTestSet.Load().Single(s => s.Name.StartsWith("convert-44k", StringComparison.Ordinal));
        var audio = WavFile.Read(sample.File);
        await using var client = new SpeechClient(fixture.Client);
        await using var session = await client.OpenSessionAsync();

        var reading = session.ReadResultsAsync().ToListAsync().AsTask();
        await session.StreamAsync(audio.Samples, SpeechPace.Fast).WaitAsync(Timeout);

        Assert.Equal((44_100, 2), (audio.Source.SampleRate, audio.Source.Channels));
        Assert.Equal(sample.Expected, Assert.Single(await reading.WaitAsync(Timeout)).Result.Text);
    }

    [Fact]
    public async Task StreamAsync_SpeechUntilClose_IsCutByTheClose()
    {
        // The command without its trailing silence: a push-to-talk release at the end of speech.
        var sample = SpeechTestSet.InGrammar.First(s => s is { Noise: "none", Voice: "en-gb" });
        var samples = WavFile.Read(sample.File).Samples;
        await using var client = new SpeechClient(fixture.Client);
        await using var session = await client.OpenSessionAsync();

        var reading = session.ReadResultsAsync().ToListAsync().AsTask();
        await session.StreamAsync(samples.AsMemory(0, samples.Length - (SpeechFormat.SampleRate / 5)), SpeechPace.Fast).WaitAsync(Timeout);
        var result = Assert.Single(await reading.WaitAsync(Timeout));

        Assert.Equal(UtteranceEnd.Closed, result.Result.End);
        Assert.Equal(sample.Expected, result.Result.Text);
    }

    [Fact]
    public async Task SpeechRun_RealTimeJson_PrintsOneLinePerFileAndASummary()
    {
        var spoken = SpeechTestSet.InGrammar.First(s => s is { Noise: "none", Voice: "en+f3" });
        var silent = SpeechTestSet.Silence;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var request = new SpeechRequest(SpeechCommand.Load([spoken.File, silent.File]), 2, SpeechPace.RealTime);

        var exit = await SpeechRun.RunAsync(Context(fixture.Client, output, json: true), error, request, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(RtgApp.ExitOk, exit);
        Assert.Empty(error.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        var spokenLine = lines.Single(l => l.TryGetProperty("file", out var f) && f.GetString() == spoken.File);
        Assert.Equal(spoken.Expected, spokenLine.GetProperty("text").GetString());
        Assert.InRange(spokenLine.GetProperty("confidence").GetDouble(), 0, 1);
        Assert.True(spokenLine.GetProperty("latencyMs").GetDouble() >= 0);
        var silentLine = lines.Single(l => l.TryGetProperty("file", out var f) && f.GetString() == silent.File);
        Assert.Equal("", silentLine.GetProperty("text").GetString());
        Assert.Equal(0, silentLine.GetProperty("utterances").GetArrayLength());
        var summary = lines[^1].GetProperty("summary");
        Assert.Equal((2, 1, 1), (summary.GetProperty("sessions").GetInt32(), summary.GetProperty("utterances").GetInt32(), summary.GetProperty("recognized").GetInt32()));
        Assert.Equal(JsonValueKind.Number, summary.GetProperty("p99LatencyMs").ValueKind);
    }

    [Fact]
    public async Task SpeechRun_OnASiloWithoutTheEngine_FailsWithOneLineNamingThePackages()
    {
        var settings = new Dictionary<string, string?>(SpeechClusterFixture.Settings) { ["RealtimeGrains:Speech:ModelDirectory"] = "/nonexistent/pocketsphinx/en-us" };
        await using var cluster = await TestClusters.DeployAsync(_ => settings, silos: 1, configure: silo => silo.AddSpeechRecognition());
        var spoken = SpeechTestSet.InGrammar.First();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var request = new SpeechRequest(SpeechCommand.Load([spoken.File]), 1, SpeechPace.Fast);

        var exit = await SpeechRun.RunAsync(Context(cluster.Client, output, json: false), error, request, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(RtgApp.ExitFailure, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"rtg: {spoken.File}: utterance 1 of session '", line);
        Assert.Contains("apt-get install libpocketsphinx3 pocketsphinx-en-us", line, StringComparison.Ordinal);
    }

    private static CommandContext Context(IClusterClient client, TextWriter output, bool json) => new(client, client.ServiceProvider, output, json);
}
