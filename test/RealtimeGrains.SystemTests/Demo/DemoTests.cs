using System.Text.Json;
using RealtimeGrains.SystemTests.Infrastructure;

namespace RealtimeGrains.SystemTests.Demo;

/// <summary>
/// <c>rtg demo</c> as a newcomer runs it: the built rtg process starts its own two silos, runs every part for a short
/// duration and reports a JSON summary; with <c>--kill-silo</c> one silo is stopped hard partway and nothing is lost.
/// </summary>
public sealed class DemoTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Demo_ShortRunJson_NothingLostAndEveryPartReported()
    {
        var summary = await RunAsync("demo", "--duration", "8", "--json");

        AssertNothingLost(summary);
        AssertSpeech(summary.GetProperty("speech"));
        var silos = summary.GetProperty("placement").EnumerateArray().ToList();
        Assert.Equal(2, silos.Count);
        Assert.All(silos, s => Assert.Equal("Active", s.GetProperty("status").GetString()));
        Assert.True(summary.GetProperty("metrics").GetProperty("windows").GetInt32() > 0, "windows at the subscriber");
        Assert.StartsWith("http://127.0.0.1:", summary.GetProperty("dashboard").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("kill").ValueKind);
    }

    [Fact]
    public async Task Demo_KillSilo_SiloDeclaredDeadAndNothingLost()
    {
        var summary = await RunAsync("demo", "--duration", "10", "--kill-silo", "--json");

        AssertNothingLost(summary);
        var kill = summary.GetProperty("kill");
        Assert.Equal("demo-silo-2", kill.GetProperty("silo").GetString());
        Assert.True(kill.GetProperty("declaredDeadAfterSeconds").GetDouble() > 0, kill.ToString());
        var statuses = summary.GetProperty("placement").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["demo-silo-1"] = "Active", ["demo-silo-2"] = "Dead" }, statuses);
    }

    [Fact]
    public async Task Demo_DurationOutOfRange_ExitsTwoWithOneLine()
    {
        var run = await ProcessRun.DotnetAsync(RepoPaths.CliDll, ["demo", "--duration", "1"], Patience);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("rtg: --duration 1: run 5-3600 seconds", run.Error.Trim());
    }

    private static async Task<JsonElement> RunAsync(params string[] args)
    {
        var run = await ProcessRun.DotnetAsync(RepoPaths.CliDll, args, Patience);
        Assert.True(run.ExitCode == 0, $"rtg {string.Join(' ', args)} exited {run.ExitCode}: {run.Error}");
        using var doc = JsonDocument.Parse(run.Output);
        return doc.RootElement.Clone();
    }

    /// <summary>Sent = acknowledged = applied with corruption caught, all three policies ran every task once, both silos ran tasks.</summary>
    private static void AssertNothingLost(JsonElement summary)
    {
        Assert.True(summary.GetProperty("nothingLost").GetBoolean(), summary.ToString());
        var events = summary.GetProperty("events");
        var sent = events.GetProperty("sent").GetInt64();
        Assert.True(sent > 0);
        Assert.Equal((sent, sent, 0L, 0L, 0), (events.GetProperty("acked").GetInt64(), events.GetProperty("applied").GetInt64(),
            events.GetProperty("lost").GetInt64(), events.GetProperty("duplicated").GetInt64(), events.GetProperty("keysMismatched").GetInt32()));
        Assert.True(events.GetProperty("crcFailuresCaught").GetInt64() > 0, "the default 1% corruption is caught: " + events);

        var policies = summary.GetProperty("scheduling").EnumerateArray().ToList();
        Assert.Equal(["fcfs", "sjf", "priority"], policies.Select(p => p.GetProperty("policy").GetString()));
        Assert.All(policies, p =>
        {
            Assert.True(p.GetProperty("submitted").GetInt32() > 0, p.ToString());
            Assert.Equal(p.GetProperty("submitted").GetInt32(), p.GetProperty("completed").GetInt32());
            Assert.Equal(0, p.GetProperty("failed").GetInt32());
            Assert.True(p.GetProperty("meanWaitMs").GetDouble() >= 0 && p.GetProperty("p95WaitMs").GetDouble() >= 0, p.ToString());
        });

        Assert.All(summary.GetProperty("placement").EnumerateArray(), s => Assert.True(s.GetProperty("tasks").GetInt32() > 0, "tasks on every silo: " + s));
    }

    /// <summary>With the engine installed (as .ci/deps installs it), commands are recognized with their latency; without it, one line says how to enable it.</summary>
    private static void AssertSpeech(JsonElement speech)
    {
        if (!File.Exists("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict"))
        {
            Assert.Contains("apt-get install libpocketsphinx3 pocketsphinx-en-us", speech.GetProperty("skipped").GetString(), StringComparison.Ordinal);
            return;
        }

        Assert.Equal(JsonValueKind.Null, speech.GetProperty("skipped").ValueKind);
        Assert.True(speech.GetProperty("commands").GetInt32() >= 2, speech.ToString());
        Assert.True(speech.GetProperty("correct").GetInt32() >= 1, speech.ToString());
        Assert.All(speech.GetProperty("lines").EnumerateArray(), l => Assert.True(l.GetProperty("latencyMs").GetDouble() > 0, l.ToString()));
    }
}
