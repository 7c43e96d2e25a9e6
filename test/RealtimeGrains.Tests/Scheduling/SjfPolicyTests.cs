using CsCheck;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class SjfPolicyTests
{
    private static readonly DateTimeOffset _now = TestTasks.T0;

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(100)]
    public void TryDequeue_RandomTasksAndEstimateUpdates_ReturnsMinimalExpectedTime(int costPercent)
    {
        // Op kinds: 0-4 enqueue, 5-7 dequeue, 8 record a run time, 9 remove. Costs and run times are
        // multiples of 25 and 20 so that equal expected times (ties) are common.
        var op = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 2], Gen.Int[0, 99]);
        op.Array[0, 200].Sample(ops =>
        {
            var estimator = new DurationEstimator(0.5, 100);
            var policy = new SjfPolicy(estimator);
            var pending = new List<QueuedTask>();
            long sequence = 0;
            foreach (var (kind, handlerIndex, value) in ops)
            {
                var handler = $"h{handlerIndex}";
                if (kind < 5)
                {
                    var task = TestTasks.Make(sequence++, handler, cost: value < costPercent ? value % 8 * 25.0 : null);
                    policy.Enqueue(task);
                    pending.Add(task);
                }
                else if (kind < 8)
                {
                    DequeueAndCheck(policy, estimator, pending);
                }
                else if (kind == 8)
                {
                    estimator.Record(handler, value % 10 * 20.0);
                }
                else if (pending.Count > 0)
                {
                    var victim = pending[value % pending.Count];
                    Assert.True(policy.Remove(victim.Id));
                    pending.Remove(victim);
                }

                Assert.Equal(pending.Count, policy.Count);
            }

            while (pending.Count > 0)
            {
                DequeueAndCheck(policy, estimator, pending);
            }

            Assert.False(policy.TryDequeue(_now, out _));
        });
    }

    [Fact]
    public void Peek_EstimateLearnedAfterEnqueue_UsesCurrentEstimate()
    {
        var estimator = new DurationEstimator(0.5, 100);
        var policy = new SjfPolicy(estimator);
        policy.Enqueue(TestTasks.Make(1, "learned"));
        policy.Enqueue(TestTasks.Make(2, "other", cost: 80));

        Assert.Equal("t2", policy.Peek(_now)!.Id);

        estimator.Record("learned", 20); // 0.5·20 + 0.5·100 = 60 < 80

        Assert.Equal("t1", policy.Peek(_now)!.Id);
    }

    [Fact]
    public void TryDequeue_EqualExpectedTimes_AcceptOrder()
    {
        var policy = new SjfPolicy(new DurationEstimator(0.5, 100));
        policy.Enqueue(TestTasks.Make(4, "a", cost: 100));
        policy.Enqueue(TestTasks.Make(3, "b"));
        policy.Enqueue(TestTasks.Make(2, "a", cost: 100));
        policy.Enqueue(TestTasks.Make(1, "b"));
        policy.Enqueue(TestTasks.Make(5, "c", cost: 99.5));

        Assert.Equal(["t5", "t1", "t2", "t3", "t4"], TestTasks.Ids(TestTasks.Drain(policy, _now)));
    }

    [Fact]
    public void TryDequeue_GivenCost_OverridesHandlerEstimate()
    {
        var estimator = new DurationEstimator(1, 100);
        estimator.Record("slow", 500);
        var policy = new SjfPolicy(estimator);
        policy.Enqueue(TestTasks.Make(1, "fast"));
        policy.Enqueue(TestTasks.Make(2, "slow", cost: 10));
        policy.Enqueue(TestTasks.Make(3, "slow"));

        Assert.Equal(["t2", "t1", "t3"], TestTasks.Ids(TestTasks.Drain(policy, _now)));
    }

    [Fact]
    public void Constructor_NullEstimator_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new SjfPolicy(null!));
    }

    private static void DequeueAndCheck(SjfPolicy policy, DurationEstimator estimator, List<QueuedTask> pending)
    {
        // Oracle: brute force over every pending task at the estimator's current values.
        var expected = pending
            .OrderBy(t => t.Spec.EstimatedCostMs ?? estimator.EstimateMs(t.Spec.Handler))
            .ThenBy(t => t.Sequence)
            .FirstOrDefault();

        Assert.Same(expected, policy.Peek(_now));
        Assert.Equal(expected is not null, policy.TryDequeue(_now, out var actual));
        Assert.Same(expected, actual);
        if (expected is not null)
        {
            pending.Remove(expected);
        }
    }
}
