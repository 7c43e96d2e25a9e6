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
        var ahead = await tasks.SubmitManyAsync(queue, [Sleep(RunMs, High), Sleep(RunMs, High)]);
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

        // Once the low task has waited MaxWait it outranks every high task submitted after that, so it starts
        // after at most the (up to three) high tasks still pending then and the one running: four slot
        // turnovers. A turnover is measured, not assumed to be RunMs: on a busy machine it is longer.
        var maxWait = PriorityPolicy.MaxWait(0, High, Rate);
        var turnover = SlowestTurnover(list, lowInfo.FirstStartedAt!.Value);
        var waited = TimeSpan.FromMilliseconds(lowInfo.WaitMs!.Value);
        Assert.InRange(waited, (maxWait + ((ahead.Count + 1) * TimeSpan.FromMilliseconds(RunMs))) * 0.6, maxWait + (4 * turnover) + TimeSpan.FromMilliseconds(100));
        // Newer high-priority tasks overtook the low one, and one was still waiting when it started: it
        // got its slot by aging, not because the high-priority load ran out.
        Assert.Contains(list, t => after.Contains(t.Id) && t.FirstStartedAt < lowInfo.FirstStartedAt);
        Assert.Contains(list, t => after.Contains(t.Id) && t.SubmittedAt < lowInfo.FirstStartedAt && (t.FirstStartedAt ?? DateTimeOffset.MaxValue) > lowInfo.FirstStartedAt);
    }

    /// <summary>The longest time between two consecutive starts up to <paramref name="until"/> (concurrency 1: one run plus dispatch).</summary>
    private static TimeSpan SlowestTurnover(IEnumerable<TaskInfo> tasks, DateTimeOffset until)
    {
        var starts = tasks.Select(t => t.FirstStartedAt).OfType<DateTimeOffset>().Where(s => s <= until).Order().ToList();
        return starts.Zip(starts.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.FromMilliseconds(RunMs)).Max();
    }
}
