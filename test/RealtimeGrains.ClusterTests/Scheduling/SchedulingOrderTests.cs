using RealtimeGrains.Scheduling;
using static RealtimeGrains.ClusterTests.Scheduling.TaskTesting;

namespace RealtimeGrains.ClusterTests.Scheduling;

/// <summary>On a paused queue with concurrency 1, tasks start after resume in exactly the policy's order.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SchedulingOrderTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Resume_Fcfs_StartsInAcceptOrderWhateverCostAndPriority()
    {
        var specs = new[] { Echo(cost: 50, priority: 1), Echo(cost: 10, priority: 9), Echo(cost: 30), Echo(priority: 5), Echo(cost: 0) };

        var (submitted, started) = await fixture.Tasks().RunPausedAsync(UniqueQueue("fcfs"), SchedulingPolicies.Fcfs, specs);

        Assert.Equal(submitted, started);
    }

    [Fact]
    public async Task Resume_SjfWithCosts_StartsCheapestFirstTiesInAcceptOrder()
    {
        var costs = new double[] { 30, 10, 50, 10, 0, 40 };

        var (submitted, started) = await fixture.Tasks().RunPausedAsync(
            UniqueQueue("sjf"), SchedulingPolicies.Sjf, [.. costs.Select(c => Echo(cost: c))]);

        var expected = submitted.Select((id, i) => (id, cost: costs[i], i)).OrderBy(t => t.cost).ThenBy(t => t.i).Select(t => t.id);
        Assert.Equal(expected, started);
    }

    [Fact]
    public async Task Resume_StrictPriority_StartsHighestFirstTiesInAcceptOrder()
    {
        var priorities = new[] { 1, 5, 3, 5, 0, -2, 3 };

        var (submitted, started) = await fixture.Tasks().RunPausedAsync(
            UniqueQueue("prio"), SchedulingPolicies.Priority, [.. priorities.Select(p => Echo(priority: p))]);

        var expected = submitted.Select((id, i) => (id, p: priorities[i], i)).OrderByDescending(t => t.p).ThenBy(t => t.i).Select(t => t.id);
        Assert.Equal(expected, started);
    }

    [Fact]
    public async Task Resume_SjfWithoutCostsAfterHistory_StartsHandlerWithShorterLearnedRunFirst()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("learn");
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Sjf, concurrency: 1);
        await tasks.WaitAllAsync([await tasks.SubmitAsync(queue, Sleep(150)), await tasks.SubmitAsync(queue, Echo())]);
        var learned = (await tasks.GetStatusAsync(queue)).SjfEstimatesMs;
        Assert.True(learned["sleep"] > learned["echo"], $"sleep {learned["sleep"]} ms should be learned as longer than echo {learned["echo"]} ms");

        await tasks.PauseAsync(queue);
        var sleep1 = await tasks.SubmitAsync(queue, Sleep(20));
        var echo1 = await tasks.SubmitAsync(queue, Echo());
        var sleep2 = await tasks.SubmitAsync(queue, Sleep(20));
        var echo2 = await tasks.SubmitAsync(queue, Echo());
        await tasks.ResumeAsync(queue);
        await tasks.WaitAllAsync([sleep1, echo1, sleep2, echo2]);

        var started = (await tasks.ListTasksAsync(queue)).Select(t => t.Id).Skip(2);
        Assert.Equal([echo1, echo2, sleep1, sleep2], started);
    }

    [Fact]
    public async Task Configure_PolicyChangedWhilePaused_PendingTasksFollowNewPolicy()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("switch");
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, concurrency: 1);
        await tasks.PauseAsync(queue);
        var low = await tasks.SubmitAsync(queue, Echo(priority: 1));
        var high = await tasks.SubmitAsync(queue, Echo(priority: 7));

        await tasks.SetQueueAsync(queue, new QueueSettingsChange { Policy = "PRIORITY", AgingPerSecond = 0, Paused = false });
        await tasks.WaitAllAsync([low, high]);

        Assert.Equal([high, low], (await tasks.ListTasksAsync(queue)).Select(t => t.Id));
        Assert.Equal(SchedulingPolicies.Priority, (await tasks.GetStatusAsync(queue)).Settings.Policy);
    }
}
