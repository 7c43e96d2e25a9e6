using System.Text;
using System.Text.Json;
using RealtimeGrains.Cli;
using RealtimeGrains.Cli.Commands;
using RealtimeGrains.ClusterTests.Scheduling;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.ClusterTests.Cli;

[Collection(ClusterCollection.Name)]
public sealed class TaskCommandTests(ClusterFixture fixture)
{
    [Fact]
    public async Task QueueCreateThenStatus_Json_ShowsSettingsAndCounts()
    {
        var queue = TaskTesting.UniqueQueue("cli");
        using var created = new StringWriter();
        using var status = new StringWriter();

        var exit = await QueueCommand.ConfigureAsync(Context(created, json: false), queue, new QueueSettingsChange { Policy = "sjf", Concurrency = 3, MaxLength = 9 });
        await QueueCommand.StatusAsync(Context(status, json: true), queue);

        Assert.Equal(0, exit);
        Assert.Equal($"queue {queue}: policy sjf, concurrency 3, max length 9, aging 1/s, running", created.ToString().Trim());
        using var doc = JsonDocument.Parse(status.ToString());
        Assert.Equal("sjf", doc.RootElement.GetProperty("settings").GetProperty("policy").GetString());
        Assert.Equal(9, doc.RootElement.GetProperty("settings").GetProperty("maxLength").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task SubmitWait_Echo_PrintsCompletedRowAndResult()
    {
        var queue = TaskTesting.UniqueQueue("cli");
        using var output = new StringWriter();

        var exit = await SubmitCommand.SubmitAsync(Context(output, json: false), queue, new TaskSpec { Handler = "echo", Payload = "hi there"u8.ToArray() }, wait: true);

        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        Assert.Matches($@"^{queue}:1\s+echo\s+0\s+-\s+Completed\s", lines[1]);
        Assert.Equal("result: hi there", lines[2]);
    }

    [Fact]
    public async Task TaskList_Table_OneRowPerTaskInStartOrderWithAllColumns()
    {
        var tasks = fixture.Tasks();
        var queue = TaskTesting.UniqueQueue("cli");
        await tasks.CreateQueueAsync(queue, "priority", concurrency: 1, agingPerSecond: 0);
        await tasks.PauseAsync(queue);
        var low = await tasks.SubmitAsync(queue, TaskTesting.Echo(priority: 1, cost: 5));
        var high = await tasks.SubmitAsync(queue, TaskTesting.Echo(priority: 2));
        await tasks.ResumeAsync(queue);
        await tasks.WaitAllAsync([low, high]);
        using var output = new StringWriter();

        await TaskCommand.ListAsync(Context(output, json: false), queue);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["ID", "HANDLER", "PRIORITY", "COST", "STATUS", "SUBMITTED", "STARTED", "COMPLETED", "WAIT", "RUN", "ATTEMPTS"],
            lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal([high, low], lines.Skip(1).Select(l => l.Split(' ')[0]));
        var cells = lines[2].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal((low, "echo", "1", "5 ms", "Completed", "1"), (cells[0], cells[1], cells[2], cells[3], cells[4], cells[^1]));
    }

    [Fact]
    public async Task TaskShow_Json_HasStatusAttemptsAndResult()
    {
        var tasks = fixture.Tasks();
        var id = await tasks.SubmitAsync(TaskTesting.UniqueQueue("cli"), new TaskSpec { Handler = "crc32", Payload = "123456789"u8.ToArray() });
        await tasks.WaitAllAsync([id]);
        using var output = new StringWriter();

        await TaskCommand.ShowAsync(Context(output, json: true), id);

        using var doc = JsonDocument.Parse(output.ToString());
        Assert.Equal("completed", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("attempts").GetInt32());
        Assert.Equal([0x26, 0x39, 0xF4, 0xCB], doc.RootElement.GetProperty("result").GetBytesFromBase64());
    }

    [Theory]
    [InlineData("nope", "", "rtg: unknown handler 'nope'; registered: crc32, echo, sleep, spin")]
    [InlineData("echo", "-1", "rtg: EstimatedCostMs = '-1' is not valid; allowed: a finite number of milliseconds >= 0, or none")]
    public async Task Submit_BadInput_OneLineOnStderrExitTwo(string handler, string cost, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var spec = new TaskSpec { Handler = handler, EstimatedCostMs = cost.Length == 0 ? null : double.Parse(cost, System.Globalization.CultureInfo.InvariantCulture) };

        var exit = await RtgApp.RunMappingErrorsAsync(
            () => SubmitCommand.SubmitAsync(Context(output, json: false), TaskTesting.UniqueQueue("cli"), spec, wait: false), error, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal(message, error.ToString().TrimEnd());
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Submit_SameRequestIdTwice_PrintsSameId()
    {
        var queue = TaskTesting.UniqueQueue("cli");
        using var first = new StringWriter();
        using var again = new StringWriter();
        var spec = new TaskSpec { Handler = "echo", RequestId = "cli-request" };

        await SubmitCommand.SubmitAsync(Context(first, json: false), queue, spec, wait: false);
        await SubmitCommand.SubmitAsync(Context(again, json: false), queue, spec, wait: false);

        Assert.Equal($"{queue}:1", first.ToString().Trim());
        Assert.Equal(first.ToString(), again.ToString());
    }

    [Fact]
    public async Task QueueFull_ExitTwo()
    {
        var queue = TaskTesting.UniqueQueue("cli");
        using var output = new StringWriter();
        using var error = new StringWriter();
        await fixture.Tasks().CreateQueueAsync(queue, "fcfs", 1, maxLength: 1);
        await fixture.Tasks().PauseAsync(queue);
        var spec = new TaskSpec { Handler = "echo", Payload = Encoding.UTF8.GetBytes("x") };
        await SubmitCommand.SubmitAsync(Context(output, json: false), queue, spec, wait: false);

        var exit = await RtgApp.RunMappingErrorsAsync(() => SubmitCommand.SubmitAsync(Context(output, json: false), queue, spec, wait: false), error, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal($"rtg: queue '{queue}' is full (1 pending, max length 1); retry later", error.ToString().TrimEnd());
    }

    private CommandContext Context(TextWriter output, bool json) => new(fixture.Client, fixture.Client.ServiceProvider, output, json);
}
