using System.Text;
using RealtimeGrains.Scheduling;
using static RealtimeGrains.ClusterTests.Scheduling.TaskTesting;

namespace RealtimeGrains.ClusterTests.Scheduling;

/// <summary>Retries, failures, timeouts, persistence across deactivation, results and watching.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SchedulingLifecycleTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Submit_HandlerAlwaysThrows_RetriesThenFailsKeepingError()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("retry");
        var spec = new TaskSpec { Handler = "sleep", Payload = "abc"u8.ToArray(), MaxAttempts = 3 };

        var info = (await tasks.WaitAllAsync([await tasks.SubmitAsync(queue, spec)]))[0];

        Assert.Equal(TaskState.Failed, info.Status);
        Assert.Equal(3, info.Attempts);
        Assert.Equal("ArgumentException: sleep: payload 'abc' is not valid; allowed: milliseconds as ASCII digits, 0-3600000", info.Error);
        var status = await tasks.GetStatusAsync(queue);
        Assert.Equal((1L, 2L, 0L), (status.Failed, status.Retried, status.Completed));
    }

    [Fact]
    public async Task Submit_AttemptSlowerThanTimeout_FailsAsTimedOut()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("timeout");

        var info = (await tasks.WaitAllAsync([await tasks.SubmitAsync(queue, Sleep(5_000) with { TimeoutMs = 50, MaxAttempts = 1 })]))[0];

        Assert.Equal(TaskState.Failed, info.Status);
        Assert.Equal("attempt 1 timed out after 50 ms", info.Error);
        Assert.InRange(info.RunMs!.Value, 40, 2_000);
    }

    [Fact]
    public async Task Handlers_BuiltIns_ReturnDocumentedResults()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("results");
        var echo = await tasks.SubmitAsync(queue, Echo("hello"));
        var crc = await tasks.SubmitAsync(queue, new TaskSpec { Handler = "crc32", Payload = "123456789"u8.ToArray() });
        var spin = await tasks.SubmitAsync(queue, new TaskSpec { Handler = "spin", Payload = "5"u8.ToArray() });

        var infos = await tasks.WaitAllAsync([echo, crc, spin]);

        Assert.Equal("hello", Encoding.UTF8.GetString(infos[0].Result!));
        Assert.Equal(0xCBF43926u, BitConverter.ToUInt32(infos[1].Result!)); // the CRC-32 check value
        Assert.True(BitConverter.ToInt64(infos[2].Result!) > 0);
        Assert.InRange(infos[2].RunMs!.Value, 5, 2_000);
    }

    [Fact]
    public async Task Deactivation_QueueAndTasks_StateSurvives()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("persist");
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Priority, concurrency: 1, maxLength: 50, agingPerSecond: 0);
        var done = (await tasks.WaitAllAsync([await tasks.SubmitAsync(queue, Echo("kept"))]))[0];
        await tasks.PauseAsync(queue);
        var pending = await tasks.SubmitAsync(queue, Echo("later", priority: 3));

        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var active = (await management.GetDetailedGrainStatistics()).Select(s => s.GrainId).ToHashSet();
        Assert.DoesNotContain(fixture.Client.GetGrain<ISchedulerGrain>(queue).GetGrainId(), active);
        Assert.DoesNotContain(fixture.Client.GetGrain<ITaskGrain>(done.Id).GetGrainId(), active);

        var status = await tasks.GetStatusAsync(queue);
        Assert.Equal((SchedulingPolicies.Priority, 50, true, 1, 1L), (status.Settings.Policy, status.Settings.MaxLength, status.Settings.Paused, status.Pending, status.Completed));
        var shown = await tasks.GetTaskAsync(done.Id);
        Assert.Equal((TaskState.Completed, "kept", 1), (shown.Status, Encoding.UTF8.GetString(shown.Result!), shown.Attempts));
        Assert.Equal(done.CompletedAt, shown.CompletedAt);
        await tasks.ResumeAsync(queue);
        Assert.Equal(TaskState.Completed, (await tasks.WaitAllAsync([pending]))[0].Status);
    }

    [Fact]
    public async Task WatchAsync_OneTask_SeesPendingRunningCompletedInOrder()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("watch");
        using var cancel = new CancellationTokenSource(TaskTesting.Patience);
        await using var watch = await tasks.StartWatchAsync(queue);

        var id = await tasks.SubmitAsync(queue, Echo());
        var seen = new List<TaskStatusChanged>();
        await foreach (var change in watch.ReadAllAsync(cancel.Token))
        {
            seen.Add(change);
            if (change.Status == TaskState.Completed)
            {
                break;
            }
        }

        Assert.Equal([TaskState.Pending, TaskState.Running, TaskState.Completed], seen.Select(c => c.Status));
        Assert.All(seen, c => Assert.Equal((id, queue), (c.TaskId, c.Queue)));
        Assert.Equal([0, 1, 1], seen.Select(c => c.Attempt));
    }
}
