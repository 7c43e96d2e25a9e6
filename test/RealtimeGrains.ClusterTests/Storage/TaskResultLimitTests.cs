using Orleans.TestingHost;
using RealtimeGrains.Cli;
using RealtimeGrains.Cli.Commands;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.ClusterTests.Scheduling;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.ClusterTests.Storage;

/// <summary>Memory storage keeps at most <c>MemoryTaskResultLimit</c> finished outcomes; older ones read as expired.</summary>
public sealed class TaskResultLimitTests : IAsyncLifetime
{
    private const int Limit = 16;
    private const int TaskCount = 96;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.DeployAsync(_ => new Dictionary<string, string?>
        {
            ["RealtimeGrains:Storage:Provider"] = "memory",
            ["RealtimeGrains:Storage:MemoryTaskResultLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task GetTask_ManyMoreFinishedThanLimit_OldOutcomesExpiredAndAtMostLimitKept()
    {
        var tasks = new TaskClient(_cluster.Client, TimeProvider.System);
        var queue = TaskTesting.UniqueQueue("limit");
        await tasks.CreateQueueAsync(queue, "fcfs", concurrency: 8);
        var ids = new List<string>();
        for (var i = 0; i < TaskCount; i++)
        {
            ids.Add(await tasks.SubmitAsync(queue, TaskTesting.Echo($"task {i}")));
        }

        var finished = await tasks.WaitAllAsync(ids);
        Assert.All(finished, t => Assert.Equal(TaskState.Completed, t.Status));

        // Finished task grains deactivate after storing their outcome; until then one may still answer from memory.
        IReadOnlyList<TaskInfo> infos = [];
        var deadline = DateTime.UtcNow + TaskTesting.Patience;
        do
        {
            infos = await Task.WhenAll(ids.Select(tasks.GetTaskAsync));
        }
        while (infos.Count(t => !t.OutcomeExpired) > Limit && DateTime.UtcNow < deadline);

        var kept = infos.Where(t => !t.OutcomeExpired).ToList();
        Assert.InRange(kept.Count, 1, Limit);
        Assert.All(kept, t => Assert.NotNull(t.Result));
        Assert.All(infos.Where(t => t.OutcomeExpired), t =>
        {
            Assert.Equal(TaskState.Completed, t.Status);
            Assert.Null(t.Result);
        });
    }

    [Fact]
    public async Task TaskShow_ExpiredOutcome_SaysSo()
    {
        var tasks = new TaskClient(_cluster.Client, TimeProvider.System);
        var queue = TaskTesting.UniqueQueue("limit");
        var first = await tasks.SubmitAsync(queue, TaskTesting.Echo("first"));
        var rest = new List<string>();
        for (var i = 0; i < TaskCount; i++)
        {
            rest.Add(await tasks.SubmitAsync(queue, TaskTesting.Echo($"task {i}")));
        }

        await tasks.WaitAllAsync([first, .. rest]);
        using var output = new StringWriter();
        var deadline = DateTime.UtcNow + TaskTesting.Patience;
        while (!(await tasks.GetTaskAsync(first)).OutcomeExpired && DateTime.UtcNow < deadline)
        {
            await tasks.GetTaskAsync(rest[^1]);
        }

        var exit = await TaskCommand.ShowAsync(new CommandContext(_cluster.Client, _cluster.Client.ServiceProvider, output, json: false), first);

        Assert.Equal(RtgApp.ExitOk, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches($@"^{first}\s+echo\s+0\s+-\s+Completed\s", lines[1]);
        Assert.StartsWith("result: expired (outcomes are kept for RealtimeGrains:Storage:TaskResultRetentionMinutes", lines[2], StringComparison.Ordinal);
    }
}
