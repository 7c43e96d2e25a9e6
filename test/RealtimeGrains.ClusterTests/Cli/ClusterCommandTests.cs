using System.Text.Json;
using RealtimeGrains.Cli;
using RealtimeGrains.Cli.Commands;
using RealtimeGrains.Placement;
using RealtimeGrains.Testing;

namespace RealtimeGrains.ClusterTests.Cli;

[Collection(ClusterCollection.Name)]
public sealed class ClusterCommandTests(ClusterFixture fixture)
{
    [Fact]
    public async Task WriteAsync_Json_ListsEveryActiveSiloWithStatistics()
    {
        using var output = new StringWriter();
        await Eventually.TrueAsync(async () => (await fixture.Client.GetGrain<ILoadBoardGrain>(0).GetAll()).Length == 2,
            TimeSpan.FromSeconds(30), "both silos to publish their load");

        var exit = await ClusterCommand.WriteAsync(new CommandContext(fixture.Client, fixture.Client.ServiceProvider, output, json: true));

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output.ToString());
        var silos = doc.RootElement.GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(2, silos.Count);
        var expected = fixture.Cluster.Silos.Select(s => s.SiloAddress.ToParsableString()).Order(StringComparer.Ordinal);
        Assert.Equal(expected, silos.Select(s => s.GetProperty("address").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(silos, s =>
        {
            Assert.Equal("Active", s.GetProperty("status").GetString());
            Assert.True(s.GetProperty("activations").GetInt32() >= 0);
            Assert.Equal(Environment.ProcessorCount, s.GetProperty("capacity").GetDouble());
            Assert.Equal(Environment.ProcessorCount * 16, s.GetProperty("taskSlots").GetInt32());
        });
    }

    [Fact]
    public async Task WriteAsync_Table_HasHeaderAndOneRowPerSilo()
    {
        using var output = new StringWriter();

        await ClusterCommand.WriteAsync(new CommandContext(fixture.Client, fixture.Client.ServiceProvider, output, json: false));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("ADDRESS", lines[0], StringComparison.Ordinal);
        Assert.Contains("ACTIVATIONS", lines[0], StringComparison.Ordinal);
        Assert.Contains("CAPACITY", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.Contains(" Active ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_NoSiloAtGateway_ExitsTwoWithOneLine()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await RtgApp.RunAsync(["cluster", "--gateway", "127.0.0.1:1"], output, error);

        Assert.Equal(2, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("rtg: no silo answered at 127.0.0.1:1", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MalformedGateway_ExitsTwoNamingIt()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await RtgApp.RunAsync(["cluster", "--gateway", "nonsense"], output, error);

        Assert.Equal(2, exit);
        Assert.Equal("rtg: gateway 'nonsense' is not valid; expected host:port, e.g. 127.0.0.1:30000", error.ToString().Trim());
    }
}
