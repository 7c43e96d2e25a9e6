using System.Text.Json;
using RealtimeGrains.Cli;
using RealtimeGrains.Cli.Commands;
using RealtimeGrains.Speech;
using RealtimeGrains.Speech.Client;
using RealtimeGrains.Speech.Client.Audio;

namespace RealtimeGrains.ClusterTests.Speech;

[Collection(SpeechClusterCollection.Name)]
[Trait("Tier", "Cluster")]
public sealed class SpeechClientTests(SpeechClusterFixture fixture) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly List<string> _files = [];

    [Fact]
    public async Task StreamAsync_WavWithOneUtterance_GetsItsResultWithClientLatency()
    {
        var audio = WavFile.Read(File(leadMs: 500, toneMs: 800, tailMs: 600, amplitude: 8_000));
        await using var client = new SpeechClient(fixture.Client, new SpeechClientOptions { ResultsGrace = TimeSpan.FromSeconds(1) });
        await using var session = await client.OpenSessionAsync();

        var reading = session.ReadResultsAsync().ToListAsync().AsTask();
        await session.StreamAsync(audio.Samples, SpeechPace.Fast).WaitAsync(Timeout);
        var results = await reading.WaitAsync(Timeout);

        var result = Assert.Single(results);
        Assert.Equal(session.Id, result.Result.Session);
        Assert.Equal(1, result.Result.Utterance);
        Assert.True(result.Result.Recognized);
        Assert.Equal(ToneRecognizer.Text, result.Result.Text);
        Assert.Equal(UtteranceEnd.Silence, result.Result.End);
        Assert.Equal(500, result.Result.StartMs);
        Assert.Equal(1_300, result.Result.EndMs);
        Assert.Null(result.Result.Error);
        Assert.NotNull(result.LatencyMs);
        Assert.InRange(result.LatencyMs!.Value, 0, Timeout.TotalMilliseconds);
        Assert.Equal(95, session.FramesSent);
    }

    [Fact]
    public async Task StreamAsync_SpeechUntilClose_EndsResultsAtTheCloseCutUtterance()
    {
        // Silence then speech to the end: the close cuts the utterance, so the results end without waiting for the grace.
        var audio = WavFile.Read(File(leadMs: 300, toneMs: 600, tailMs: 0, amplitude: 8_000));
        await using var client = new SpeechClient(fixture.Client, new SpeechClientOptions { ResultsGrace = TimeSpan.FromMinutes(10) });
        await using var session = await client.OpenSessionAsync();

        var reading = session.ReadResultsAsync().ToListAsync().AsTask();
        await session.StreamAsync(audio.Samples, SpeechPace.Fast).WaitAsync(Timeout);
        var result = Assert.Single(await reading.WaitAsync(Timeout));

        Assert.Equal(UtteranceEnd.Closed, result.Result.End);
        Assert.Equal(900, result.Result.EndMs);
    }

    [Fact]
    public async Task SpeechRun_RealTimeJson_PrintsOneLinePerFileAndASummary()
    {
        var spoken = File(leadMs: 400, toneMs: 600, tailMs: 500, amplitude: 8_000);
        var silent = File(leadMs: 500, toneMs: 0, tailMs: 0, amplitude: 0);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var request = new SpeechRequest(SpeechCommand.Load([spoken, silent]), 2, SpeechPace.RealTime);

        var exit = await SpeechRun.RunAsync(Context(output, json: true), error, request, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(RtgApp.ExitOk, exit);
        Assert.Empty(error.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        var spokenLine = lines.Single(l => l.TryGetProperty("file", out var f) && f.GetString() == spoken);
        Assert.Equal(ToneRecognizer.Text, spokenLine.GetProperty("text").GetString());
        Assert.Equal(0.9, spokenLine.GetProperty("confidence").GetDouble());
        Assert.True(spokenLine.GetProperty("latencyMs").GetDouble() >= 0);
        var silentLine = lines.Single(l => l.TryGetProperty("file", out var f) && f.GetString() == silent);
        Assert.Equal("", silentLine.GetProperty("text").GetString());
        Assert.Equal(0, silentLine.GetProperty("utterances").GetArrayLength());
        var summary = lines[^1].GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("sessions").GetInt32());
        Assert.Equal(1, summary.GetProperty("utterances").GetInt32());
        Assert.Equal(1, summary.GetProperty("recognized").GetInt32());
        Assert.Equal(JsonValueKind.Number, summary.GetProperty("p99LatencyMs").ValueKind);
    }

    [Fact]
    public async Task SpeechRun_ResultWithError_FailsWithThatOneLine()
    {
        var loud = File(leadMs: 300, toneMs: 500, tailMs: 500, amplitude: 30_000);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var request = new SpeechRequest(SpeechCommand.Load([loud]), 1, SpeechPace.Fast);

        var exit = await SpeechRun.RunAsync(Context(output, json: false), error, request, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(RtgApp.ExitFailure, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"rtg: {loud}: utterance 1 of session '", line);
        Assert.Contains(ToneRecognizer.Missing, line, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            System.IO.File.Delete(file);
        }
    }

    private string File(int leadMs, int toneMs, int tailMs, double amplitude)
    {
        var path = ToneWav.Write(leadMs, toneMs, tailMs, amplitude);
        _files.Add(path);
        return path;
    }

    private CommandContext Context(TextWriter output, bool json) => new(fixture.Client, fixture.Client.ServiceProvider, output, json);
}
