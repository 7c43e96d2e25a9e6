using System.Net;
using System.Text.Json;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;

namespace RealtimeGrains.SystemTests.Hosting;

public sealed class SiloHostSystemTests
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Silo_EmbeddedDefault_ServesHealthDashboardAndMetrics()
    {
        await using var silo = SiloProcess.Start();
        await silo.WaitActiveAsync();
        using var http = new HttpClient();

        using var health = await http.GetAsync(new Uri(silo.Http, "/healthz"));
        var dashboard = await http.GetStringAsync(new Uri(silo.Http, "/dashboard/"));
        var metrics = await http.GetStringAsync(new Uri(silo.Http, "/metrics"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"status\":\"Active\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<title>Orleans Dashboard</title>", dashboard, StringComparison.Ordinal);
        Assert.Contains("\norleans_", metrics, StringComparison.Ordinal);
        Assert.Contains($"gateway S127.0.0.1:{silo.GatewayPort}", silo.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RtgCluster_SecondSiloJoins_ListsTwoActiveSilos()
    {
        await using var first = SiloProcess.Start();
        await first.WaitActiveAsync();
        var one = await ClusterJsonAsync(first.Gateway);
        Assert.Single(one);

        await using var second = SiloProcess.Start(primarySiloPort: first.SiloPort);
        await second.WaitActiveAsync();
        IReadOnlyList<JsonElement> two = [];
        await Eventually.TrueAsync(async () => (two = await ClusterJsonAsync(first.Gateway)).Count(s => s.GetProperty("status").GetString() == "Active") == 2,
            TimeSpan.FromSeconds(30), "rtg cluster to list two active silos");

        Assert.Equal(
            new[] { first.SiloPort, second.SiloPort }.Order(),
            two.Select(s => int.Parse(s.GetProperty("address").GetString()!.Split(':', '@')[1], System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public async Task RtgCluster_NoSiloRunning_ExitsTwoWithOneLine()
    {
        var port = FreePorts.Next();

        var run = await ProcessRun.DotnetAsync(RepoPaths.CliDll, ["cluster", "--gateway", $"127.0.0.1:{port}"], CliTimeout);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"rtg: no silo answered at 127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Silo_PortOutOfRange_StopsWithMessageNamingKey()
    {
        await using var silo = SiloProcess.Start(settings: new Dictionary<string, string> { ["RealtimeGrains__Silo__GatewayPort"] = "70000" });

        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Contains("rtg-silo: configuration error: RealtimeGrains:Silo:GatewayPort = '70000' is not valid; allowed: a TCP port 1-65535", silo.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_UnregisteredProcessor_StopsWithOneLineNamingIt()
    {
        await using var silo = SiloProcess.Start(settings: new Dictionary<string, string> { ["RealtimeGrains__Streaming__Streams__events__Processor"] = "median" });

        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        Assert.Contains("RealtimeGrains:Streaming:Streams:events:Processor = 'median' is not valid; allowed: a registered processor (count, last, none, speech-vad, sum, task, threshold, window)", silo.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Log, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<JsonElement>> ClusterJsonAsync(string gateway)
    {
        var run = await ProcessRun.DotnetAsync(RepoPaths.CliDll, ["cluster", "--json", "--gateway", gateway], CliTimeout);
        Assert.True(run.ExitCode == 0, $"rtg cluster failed ({run.ExitCode}): {run.Error}");
        using var doc = JsonDocument.Parse(run.Output);
        return doc.RootElement.GetProperty("silos").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
