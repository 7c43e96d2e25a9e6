using System.Globalization;
using System.Text.Json;
using RealtimeGrains.Cli;
using RealtimeGrains.Cli.Commands;
using RealtimeGrains.ClusterTests.Streaming;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.ClusterTests.Cli;

[Collection(OutputsClusterCollection.Name)]
[Trait("Tier", "Cluster")]
public sealed class StreamCommandTests(OutputsClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PublishAsync_StdinLines_OneEventPerLineAllAcknowledged()
    {
        using var output = new StringWriter();

        var exit = await PublishCommand.PublishAsync(Context(output, json: false), "outs", "stdin-key", PublishCommand.Lines(new StringReader("a\nb\n\nc\n")), CancellationToken.None);

        Assert.Equal(RtgApp.ExitOk, exit);
        Assert.Equal("acknowledged: 4 of 4 events to outs / stdin-key", output.ToString().Trim());
        var outputs = await new OutputSubscriber(fixture.Client).SubscribeAsync<string>("outs", "stdin-key", fromSequence: 1).Take(4).ToListAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(["a", "b", "", "c"], outputs.Select(o => o.Value));
    }

    [Fact]
    public async Task WatchAsync_Count_PrintsRetainedOutputsOneLineEachThenStops()
    {
        await PublishAsync("watch-lines", 3);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await WatchCommand.WatchAsync(Context(output, json: false), error, new WatchRequest("outs", "watch-lines", Count: 3), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(RtgApp.ExitOk, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        for (var i = 0; i < 3; i++)
        {
            var fields = lines[i].Split(' ');
            Assert.Equal(4, fields.Length);
            Assert.Equal(("watch-lines", (i + 1).ToString(CultureInfo.InvariantCulture)), (fields[0], fields[1]));
            Assert.EndsWith("Z", fields[2], StringComparison.Ordinal);
            Assert.Equal("\"v" + i.ToString(CultureInfo.InvariantCulture) + "\"", fields[3]);
        }

        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task WatchAsync_JsonFrom_OneObjectPerLineStartingAtTheSequence()
    {
        await PublishAsync("watch-json", 4);
        using var output = new StringWriter();

        await WatchCommand.WatchAsync(Context(output, json: true), TextWriter.Null, new WatchRequest("outs", "watch-json", From: 3, Count: 2), CancellationToken.None).WaitAsync(Timeout);

        var objects = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([3L, 4L], objects.Select(o => o.GetProperty("sequence").GetInt64()));
        Assert.All(objects, o => Assert.Equal("watch-json", o.GetProperty("key").GetString()));
        Assert.Equal("v3", objects[1].GetProperty("value").GetString());
    }

    [Fact]
    public async Task WatchAsync_Cancelled_EndsWithExitZero()
    {
        using var output = new StringWriter();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var exit = await WatchCommand.WatchAsync(Context(output, json: false), TextWriter.Null, new WatchRequest("outs", "watch-nothing"), cancel.Token).WaitAsync(Timeout);

        Assert.Equal(RtgApp.ExitOk, exit);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task QueryAsync_Json_ProcessorStateAndLastOutput()
    {
        await PublishAsync("queried", 2);
        using var output = new StringWriter();

        await QueryCommand.QueryAsync(Context(output, json: true), "outs", "queried");

        var root = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.True(root.GetProperty("found").GetBoolean());
        Assert.Equal("count", root.GetProperty("processor").GetString());
        Assert.Equal(2, root.GetProperty("lastOutput").GetInt64());
        Assert.NotEqual(JsonValueKind.Undefined, root.GetProperty("state").ValueKind);
    }

    [Fact]
    public async Task QueryAsync_Table_HeaderRowAndStateJson()
    {
        await PublishAsync("queried-table", 1);
        using var output = new StringWriter();

        await QueryCommand.QueryAsync(Context(output, json: false), "outs", "queried-table");

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("STREAM", lines[0], StringComparison.Ordinal);
        Assert.Contains("PROCESSOR", lines[0], StringComparison.Ordinal);
        Assert.Contains(" count ", lines[1], StringComparison.Ordinal);
        Assert.Equal("state:", lines[2]);
    }

    private CommandContext Context(TextWriter output, bool json) => new(fixture.Client, fixture.Client.ServiceProvider, output, json);

    private async Task PublishAsync(string key, int events)
    {
        await using var producer = fixture.OrderedProducer();
        for (var i = 0; i < events; i++)
        {
            await producer.PublishAsync("outs", key, "v" + i.ToString(CultureInfo.InvariantCulture));
        }
    }
}
