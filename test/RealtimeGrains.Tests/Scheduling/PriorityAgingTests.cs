using CsCheck;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class PriorityAgingTests
{
    private static readonly TimeSpan _tick = TimeSpan.FromMilliseconds(10);

    [Fact]
    public void TryDequeue_AgingOnExactGrid_ReturnsMaximalEffectivePriorityInAcceptOrder()
    {
        // Integer rates and quarter-second times make every effective priority exact in double, so
        // the oracle can demand the exact task, ties included. AcceptedAt is random, not monotonic.
        var op = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 10], Gen.Int[0, 400]);
        Gen.Select(Gen.OneOf(0, 1, 2, 4, 10), op.Array[0, 200]).Sample((rate, ops) =>
        {
            var policy = new PriorityPolicy(rate);
            var pending = new List<QueuedTask>();
            long sequence = 0;
            foreach (var (kind, priority, quarters) in ops)
            {
                var at = TestTasks.T0.AddSeconds(quarters * 0.25);
                if (kind > 0)
                {
                    var task = TestTasks.Make(sequence++, priority: priority, acceptedAt: at);
                    policy.Enqueue(task);
                    pending.Add(task);
                    continue;
                }

                var expected = pending
                    .OrderByDescending(t => Effective(t, rate, at))
                    .ThenBy(t => t.Sequence)
                    .FirstOrDefault();
                Assert.Same(expected, policy.Peek(at));
                Assert.Equal(expected is not null, policy.TryDequeue(at, out var actual));
                Assert.Same(expected, actual);
                pending.Remove(actual!);
            }
        });
    }

    [Fact]
    public void TryDequeue_AgingWithRealTimes_ReturnsMaximalEffectivePriority()
    {
        var task = Gen.Select(Gen.Int[0, 20], Gen.Long[0, 10_000 * TimeSpan.TicksPerSecond]);
        var sample = Gen.Select(Gen.Double[0.001, 100], task.Array[1, 100], Gen.Long[0, 20_000 * TimeSpan.TicksPerSecond]);
        sample.Sample((rate, specs, nowTicks) =>
        {
            var policy = new PriorityPolicy(rate);
            var pending = specs
                .Select((spec, i) => TestTasks.Make(i, priority: spec.Item1, acceptedAt: TestTasks.T0.AddTicks(spec.Item2)))
                .ToList();
            pending.ForEach(policy.Enqueue);
            var now = TestTasks.T0.AddTicks(nowTicks);

            while (pending.Count > 0)
            {
                Assert.True(policy.TryDequeue(now, out var actual));
                var best = pending.Max(t => Effective(t, rate, now));
                Assert.InRange(Effective(actual, rate, now), best - 1e-6, best);
                Assert.True(pending.Remove(actual));
            }
        });
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(5.0)]
    [InlineData(50.0)]
    public void TryDequeue_StreamOfHigherPriorityTasks_LowTaskRunsWithinMaxWait(double rate)
    {
        var policy = new PriorityPolicy(rate);
        policy.Enqueue(TestTasks.Make(0, priority: 0, acceptedAt: TestTasks.T0));
        var bound = PriorityPolicy.MaxWait(0, 10, rate);

        // One priority-10 task arrives and one task is dispatched every 10 ms.
        TimeSpan? lowWaited = null;
        for (var k = 0; lowWaited is null && k * _tick <= bound + (10 * _tick); k++)
        {
            var now = TestTasks.T0 + (k * _tick);
            policy.Enqueue(TestTasks.Make(k + 1, priority: 10, acceptedAt: now));
            Assert.True(policy.TryDequeue(now, out var task));
            if (task.Id == "t0")
            {
                lowWaited = now - TestTasks.T0;
            }
        }

        Assert.NotNull(lowWaited);
        Assert.InRange(lowWaited.Value, bound - _tick, bound + _tick);
    }

    [Fact]
    public void TryDequeue_NoAgingUnderStream_LowTaskStarves()
    {
        var policy = new PriorityPolicy(0);
        policy.Enqueue(TestTasks.Make(0, priority: 0, acceptedAt: TestTasks.T0));

        for (var k = 0; k < 10_000; k++)
        {
            var now = TestTasks.T0 + (k * _tick);
            policy.Enqueue(TestTasks.Make(k + 1, priority: 10, acceptedAt: now));
            Assert.True(policy.TryDequeue(now, out var task));
            Assert.Equal($"t{k + 1}", task.Id);
        }

        Assert.Equal(Timeout.InfiniteTimeSpan, PriorityPolicy.MaxWait(0, 10, 0));
    }

    [Fact]
    public void TryDequeue_RefilledYearsLater_OlderLowerPriorityTaskWinsByAging()
    {
        var policy = new PriorityPolicy(50);
        policy.Enqueue(TestTasks.Make(1, acceptedAt: TestTasks.T0));
        Assert.True(policy.TryDequeue(TestTasks.T0, out _));

        var later = TestTasks.T0.AddYears(30);
        policy.Enqueue(TestTasks.Make(2, priority: 1, acceptedAt: later));
        policy.Enqueue(TestTasks.Make(3, priority: 0, acceptedAt: later.AddMilliseconds(-30))); // 0 + 50·0.03 = 1.5

        Assert.Equal(["t3", "t2"], TestTasks.Ids(TestTasks.Drain(policy, later)));
    }

    private static double Effective(QueuedTask task, double rate, DateTimeOffset now) =>
        task.Spec.Priority + (rate * (now - task.SubmittedAt).TotalSeconds);
}
