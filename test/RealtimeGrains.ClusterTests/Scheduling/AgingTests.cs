using RealtimeGrains.Scheduling;
using static RealtimeGrains.ClusterTests.Scheduling.TaskTesting;
using RealtimeGrains.Testing;

namespace RealtimeGrains.ClusterTests.Scheduling;

[Collection(ClusterCollection.Name)]
public sealed class AgingTests(ClusterFixture fixture)
{
    private const int High = 10;
    private const double Rate = 20;
    private const int RunMs = 50; // long enough that a slow poll loop on a busy machine keeps the load constant

    [Fact]
    public async Task Priority_ConstantHighPriorityLoad_LowTaskStartsWithinAgingBound()
    {
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("aging");
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Priority, concurrency: 1, agingPerSecond: Rate);
        // Paused while the low task and the first high ones are accepted: the load is there from the
        // start, however slowly the calls travel on a busy machine.
        await tasks.PauseAsync(queue);
        await tasks.SubmitManyAsync(queue, [Sleep(RunMs, High), Sleep(RunMs, High)]);
        var low = await tasks.SubmitAsync(queue, Sleep(RunMs, priority: 0));
        await tasks.ResumeAsync(queue);

        // Keep three high-priority tasks waiting until the low one starts: constant load.
        var after = new List<string>();
        var lowInfo = await Eventually.ValueAsync(
            async () =>
            {
                var status = await tasks.GetStatusAsync(queue);
                for (var i = status.Pending; i < 4; i++)
                {
                    after.Add(await tasks.SubmitAsync(queue, Sleep(RunMs, High)));
                }

                return await tasks.GetTaskAsync(low);
            },
            info => info.FirstStartedAt is not null,
            Patience,
            "the low-priority task to start");

        var list = await tasks.ListTasksAsync(queue);

        // How long it waited is a timing bound, checked with fake time where it is exact: PriorityAgingTests
        // (TryDequeue_StreamOfHigherPriorityTasks_LowTaskRunsWithinMaxWait). Here, in a real cluster on a machine of
        // any speed, the order shows the same thing.
        // Newer high-priority tasks overtook the low one, and one was still waiting when it started: it
        // got its slot by aging, not because the high-priority load ran out.
        Assert.Contains(list, t => after.Contains(t.Id) && t.FirstStartedAt < lowInfo.FirstStartedAt);
        Assert.Contains(list, t => after.Contains(t.Id) && t.SubmittedAt < lowInfo.FirstStartedAt && (t.FirstStartedAt ?? DateTimeOffset.MaxValue) > lowInfo.FirstStartedAt);
    }
}
