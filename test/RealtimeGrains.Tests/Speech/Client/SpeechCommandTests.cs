using System.Text.Json;
using RealtimeGrains.Cli;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Speech;
using RealtimeGrains.Speech.Client;

namespace RealtimeGrains.Tests.Speech.Client;

[Trait("Tier", "Unit")]
public sealed class SpeechCommandTests
{
    [Fact]
    public async Task RunAsync_NotAWav_FailsWithOneLineBeforeConnecting()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rtg-{Guid.NewGuid():N}.wav");
        await File.WriteAllTextAsync(path, "hello");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();

            // No cluster listens on this gateway: the file is refused before any connection is tried.
            var exit = await RtgApp.RunAsync(["speech", "--wav", path, "--gateway", "127.0.0.1:1"], output, error);

            Assert.Equal(RtgApp.ExitUsageOrUnreachable, exit);
            Assert.Equal($"rtg: file {path} is not a WAV file (no RIFF/WAVE header)", error.ToString().Trim());
            Assert.Empty(output.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--pace", "slow")]
    [InlineData("--sessions", "0")]
    public async Task RunAsync_BadOption_IsAUsageError(string option, string value)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await RtgApp.RunAsync(["speech", "--wav", "a.wav", option, value], output, error);

        Assert.Equal(RtgApp.ExitUsageOrUnreachable, exit);
        Assert.StartsWith("rtg: ", error.ToString());
    }

    [Fact]
    public void Percentile_NearestRank()
    {
        double[] sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

        Assert.Equal(50, SpeechSummary.Percentile(sorted, 0.50));
        Assert.Equal(100, SpeechSummary.Percentile(sorted, 0.99));
        Assert.Equal(10, SpeechSummary.Percentile(sorted, 0));
        Assert.Null(SpeechSummary.Percentile([], 0.5));
    }

    [Fact]
    public void From_Reports_CountsUtterancesRecognizedAndLatency()
    {
        var reports = new[]
        {
            new SpeechReport("a.wav", "s1", [Result(1, true, "open the door", 0.8, 120), Result(2, false, "", 0.1, 200)]),
            new SpeechReport("b.wav", "s2", [Result(1, true, "volume up", 0.9, 80)]),
            new SpeechReport("silence.wav", "s3", []),
        };

        var summary = SpeechSummary.From(reports);

        Assert.Equal(new SpeechSummary(3, 3, 2, 120, 200, 200), summary);
    }

    [Fact]
    public void JsonLine_Report_HasTextConfidenceLatencyAndUtterances()
    {
        var report = new SpeechReport("a.wav", "s1", [Result(2, true, "lock the door", 0.7, 150.04), Result(1, true, "open the door", 0.8, 120)]);

        using var json = JsonDocument.Parse(SpeechOutputFormat.JsonLine(report));
        var root = json.RootElement;

        Assert.Equal("a.wav", root.GetProperty("file").GetString());
        Assert.Equal("open the door | lock the door", root.GetProperty("text").GetString());
        Assert.Equal(0.7, root.GetProperty("confidence").GetDouble());
        Assert.Equal(150, root.GetProperty("latencyMs").GetDouble());
        Assert.Equal([1, 2], root.GetProperty("utterances").EnumerateArray().Select(u => u.GetProperty("utterance").GetInt32()));
        Assert.Equal("silence", root.GetProperty("utterances")[0].GetProperty("end").GetString());
    }

    [Fact]
    public void Line_Result_ShowsTextConfidenceAndLatency()
    {
        Assert.Equal(
            "a.wav #1 0.20-1.40 s \"open the door\" confidence 0.80 latency 120 ms",
            SpeechOutputFormat.Line("a.wav", Result(1, true, "open the door", 0.8, 120)));
        Assert.Equal("a.wav #2 0.20-1.40 s (unrecognized) latency - ms", SpeechOutputFormat.Line("a.wav", Result(2, false, "", 0.1, null)));
    }

    private static SessionResult Result(int utterance, bool recognized, string text, double confidence, double? latencyMs) => new(
        new SpeechResult { Session = "s", Utterance = utterance, Recognized = recognized, Text = text, Confidence = confidence, StartMs = 200, EndMs = 1_400 },
        latencyMs);
}
