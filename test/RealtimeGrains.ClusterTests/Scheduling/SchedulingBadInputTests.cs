using RealtimeGrains.Scheduling;
using static RealtimeGrains.ClusterTests.Scheduling.TaskTesting;

namespace RealtimeGrains.ClusterTests.Scheduling;

/// <summary>Every bad input gets its own exception type and a message that says what to fix; nothing accepted is lost.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SchedulingBadInputTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Submit_UnknownHandler_ThrowsUnknownHandlerListingRegisteredOnes()
    {
        var ex = await Assert.ThrowsAsync<UnknownHandlerException>(
            () => fixture.Tasks().SubmitAsync(UniqueQueue("bad"), new TaskSpec { Handler = "nope" }));

        Assert.Equal("unknown handler 'nope'; registered: crc32, echo, sleep, spin", ex.Message);
    }

    [Fact]
    public async Task Configure_UnknownPolicy_ThrowsUnknownPolicy()
    {
        var ex = await Assert.ThrowsAsync<UnknownPolicyException>(
            () => fixture.Tasks().CreateQueueAsync(UniqueQueue("bad"), "lifo", concurrency: 1));

        Assert.Equal("unknown policy 'lifo'; allowed: fcfs, sjf, priority", ex.Message);
    }

    [Fact]
    public async Task Submit_PayloadOverLimit_ThrowsInvalidTaskNamingLimitAndKey()
    {
        var spec = new TaskSpec { Handler = "echo", Payload = new byte[1_048_577] };

        var ex = await Assert.ThrowsAsync<InvalidTaskException>(() => fixture.Tasks().SubmitAsync(UniqueQueue("bad"), spec));

        Assert.Equal("payload of 1048577 bytes is over the limit of 1048576 bytes (RealtimeGrains:Scheduler:MaxPayloadBytes)", ex.Message);
    }

    [Theory]
    [InlineData(-1.0, "EstimatedCostMs = '-1' is not valid; allowed: a finite number of milliseconds >= 0, or none")]
    [InlineData(double.NaN, "EstimatedCostMs = 'NaN' is not valid; allowed: a finite number of milliseconds >= 0, or none")]
    public async Task Submit_BadCost_ThrowsInvalidTask(double cost, string message)
    {
        var ex = await Assert.ThrowsAsync<InvalidTaskException>(() => fixture.Tasks().SubmitAsync(UniqueQueue("bad"), Echo(cost: cost)));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public async Task Submit_ZeroAttemptsOrTimeout_ThrowsInvalidTask()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("bad");

        var attempts = await Assert.ThrowsAsync<InvalidTaskException>(() => tasks.SubmitAsync(queue, Echo() with { MaxAttempts = 0 }));
        var timeout = await Assert.ThrowsAsync<InvalidTaskException>(() => tasks.SubmitAsync(queue, Echo() with { TimeoutMs = 0 }));

        Assert.Equal("MaxAttempts = '0' is not valid; allowed: 1-100", attempts.Message);
        Assert.Equal("TimeoutMs = '0' is not valid; allowed: 1-86400000", timeout.Message);
    }

    [Fact]
    public async Task Submit_FullQueue_ThrowsQueueFullAndKeepsEveryAcceptedTask()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("full");
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, concurrency: 1, maxLength: 2);
        await tasks.PauseAsync(queue);
        var accepted = new[] { await tasks.SubmitAsync(queue, Echo()), await tasks.SubmitAsync(queue, Echo()) };

        var single = await Assert.ThrowsAsync<QueueFullException>(() => tasks.SubmitAsync(queue, Echo()));
        var batch = await Assert.ThrowsAsync<QueueFullException>(() => tasks.SubmitManyAsync(queue, [Echo(), Echo()]));

        Assert.Equal($"queue '{queue}' is full (2 pending, max length 2); retry later", single.Message);
        Assert.Equal($"queue '{queue}' is full (2 pending, max length 2); a batch of 2 does not fit; retry later", batch.Message);
        Assert.Equal(2, (await tasks.GetStatusAsync(queue)).Pending);
        await tasks.ResumeAsync(queue);
        Assert.All(await tasks.WaitAllAsync(accepted), t => Assert.Equal(TaskState.Completed, t.Status));
        Assert.Equal(2, (await tasks.ListTasksAsync(queue)).Count);
    }

    [Fact]
    public async Task SubmitMany_OneBadSpec_AcceptsNothing()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("batch");

        await Assert.ThrowsAsync<UnknownHandlerException>(() => tasks.SubmitManyAsync(queue, [Echo(), new TaskSpec { Handler = "nope" }]));

        Assert.Empty(await tasks.ListTasksAsync(queue));
        Assert.Equal(0, (await tasks.GetStatusAsync(queue)).Pending);
    }

    [Fact]
    public async Task Configure_OutOfRangeSettingsOrBadName_ThrowsInvalidQueueSettings()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("bad");

        var concurrency = await Assert.ThrowsAsync<InvalidQueueSettingsException>(() => tasks.CreateQueueAsync(queue, "fcfs", concurrency: 0));
        var length = await Assert.ThrowsAsync<InvalidQueueSettingsException>(() => tasks.CreateQueueAsync(queue, "fcfs", 1, maxLength: -5));
        var name = await Assert.ThrowsAsync<InvalidQueueSettingsException>(() => tasks.SubmitAsync("bad name", Echo()));

        Assert.Equal($"queue '{queue}': concurrency '0' is not valid; allowed: 1-100000", concurrency.Message);
        Assert.Equal($"queue '{queue}': max length '-5' is not valid; allowed: 1-10000000", length.Message);
        Assert.Equal("queue name 'bad name' is not valid; allowed: 1-100 letters, digits, '-', '_' or '.'", name.Message);
    }

    [Fact]
    public async Task GetTask_MalformedOrUnknownId_ThrowsUnknownTask()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("ids");

        var malformed = await Assert.ThrowsAsync<UnknownTaskException>(() => tasks.GetTaskAsync("no-number"));
        var unknown = await Assert.ThrowsAsync<UnknownTaskException>(() => tasks.GetTaskAsync($"{queue}:7"));

        Assert.Equal("task id 'no-number' is not valid; expected queue:number, e.g. q1:42", malformed.Message);
        Assert.Equal($"unknown task '{queue}:7' in queue '{queue}'", unknown.Message);
    }
}
