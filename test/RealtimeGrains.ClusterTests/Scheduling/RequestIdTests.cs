using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;
using static RealtimeGrains.ClusterTests.Scheduling.TaskTesting;

namespace RealtimeGrains.ClusterTests.Scheduling;

/// <summary>Submits are idempotent by request id: a repeat gets the first task's id and accepts nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RequestIdTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Submit_SameRequestIdTwice_SameIdOneTask()
    {
        var (tasks, queue) = await PausedQueueAsync(maxLength: 10);
        var spec = Echo("once") with { RequestId = "order-42" };

        var first = await tasks.SubmitAsync(queue, spec);
        var again = await tasks.SubmitAsync(queue, spec);

        Assert.Equal(first, again);
        Assert.Equal(1, (await tasks.GetStatusAsync(queue)).Pending);
    }

    [Fact]
    public async Task SubmitMany_RepeatsInsideAndAcrossBatches_OneTaskPerRequestId()
    {
        var (tasks, queue) = await PausedQueueAsync(maxLength: 10);

        var ids = await tasks.SubmitManyAsync(queue, [Echo("a") with { RequestId = "a" }, Echo("a") with { RequestId = "a" }, Echo("b") with { RequestId = "b" }]);
        var later = await tasks.SubmitManyAsync(queue, [Echo("b") with { RequestId = "b" }, Echo("c")]);

        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.Equal(ids[2], later[0]);
        Assert.Equal(3, (await tasks.GetStatusAsync(queue)).Pending);
    }

    [Fact]
    public async Task Submit_RepeatOnFullQueue_ReturnsAcceptedIdInsteadOfQueueFull()
    {
        var (tasks, queue) = await PausedQueueAsync(maxLength: 1);
        var spec = Echo("fits") with { RequestId = "only" };
        var first = await tasks.SubmitAsync(queue, spec);

        Assert.Equal(first, await tasks.SubmitAsync(queue, spec));
        await Assert.ThrowsAsync<QueueFullException>(() => tasks.SubmitAsync(queue, Echo("other")));
    }

    [Fact]
    public async Task Submit_RepeatAfterSchedulerDeactivated_StillSameId()
    {
        var (tasks, queue) = await PausedQueueAsync(maxLength: 10);
        var first = await tasks.SubmitAsync(queue, Echo("kept") with { RequestId = "durable" });

        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.DoesNotContain(fixture.Client.GetGrain<ISchedulerGrain>(queue).GetGrainId(), (await management.GetDetailedGrainStatistics()).Select(s => s.GrainId));

        Assert.Equal(first, await tasks.SubmitAsync(queue, Echo("kept") with { RequestId = "durable" }));
        Assert.Equal(1, (await tasks.GetStatusAsync(queue)).Pending);
    }

    [Fact]
    public async Task Submit_RequestIdTooLong_ThrowsInvalidTask()
    {
        var ex = await Assert.ThrowsAsync<InvalidTaskException>(
            () => fixture.Tasks().SubmitAsync(UniqueQueue("rid"), Echo("x") with { RequestId = new string('k', 201) }));

        Assert.Equal("RequestId of 201 characters is not valid; allowed: 1-200 characters, or none", ex.Message);
    }

    [Fact]
    public async Task TaskClient_SpecWithoutRequestId_GetsAFreshOneEachCall()
    {
        var (tasks, queue) = await PausedQueueAsync(maxLength: 10);
        var spec = Echo("twice");

        Assert.NotEqual(await tasks.SubmitAsync(queue, spec), await tasks.SubmitAsync(queue, spec));
        Assert.Equal(2, (await tasks.GetStatusAsync(queue)).Pending);
    }

    private async Task<(TaskClient Tasks, string Queue)> PausedQueueAsync(int maxLength)
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("rid");
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, concurrency: 1, maxLength: maxLength);
        await tasks.PauseAsync(queue);
        return (tasks, queue);
    }
}
