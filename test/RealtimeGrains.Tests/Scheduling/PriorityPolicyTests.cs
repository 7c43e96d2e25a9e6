using CsCheck;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class PriorityPolicyTests
{
    [Fact]
    public void TryDequeue_StrictPriority_ReturnsMaximumPriorityInAcceptOrder()
    {
        // Op: (enqueue?, priority, accepted-at offset in ms). With rate 0 waiting time must not matter.
        var op = Gen.Select(Gen.Int[0, 2], Gen.Int[-3, 3], Gen.Int[0, 100_000]);
        op.Array[0, 200].Sample(ops =>
        {
            var policy = new PriorityPolicy(0);
            var pending = new List<QueuedTask>();
            long sequence = 0;
            foreach (var (kind, priority, offsetMs) in ops)
            {
                if (kind > 0)
                {
                    var task = TestTasks.Make(sequence++, priority: priority, acceptedAt: TestTasks.T0.AddMilliseconds(offsetMs));
                    policy.Enqueue(task);
                    pending.Add(task);
                    continue;
                }

                var now = TestTasks.T0.AddMilliseconds(offsetMs * 7);
                var expected = pending.OrderByDescending(t => t.Spec.Priority).ThenBy(t => t.Sequence).FirstOrDefault();
                Assert.Same(expected, policy.Peek(now));
                Assert.Equal(expected is not null, policy.TryDequeue(now, out var actual));
                Assert.Same(expected, actual);
                pending.Remove(actual!);
            }

            var rest = pending.OrderByDescending(t => t.Spec.Priority).ThenBy(t => t.Sequence);
            Assert.Equal(rest, TestTasks.Drain(policy, TestTasks.T0.AddDays(1)));
        });
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_InvalidAgingRate_Throws(double rate)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new PriorityPolicy(rate));

        Assert.Equal("agingPerSecond", ex.ParamName);
    }

    [Theory]
    [InlineData(0, 10, 5.0, 2_000)]
    [InlineData(0, 10, 50.0, 200)]
    [InlineData(3, 4, 4.0, 250)]
    [InlineData(-10, 10, 1.0, 20_000)]
    [InlineData(10, 0, 5.0, 0)]
    [InlineData(5, 5, 0.0, 0)]
    public void MaxWait_FiniteBound_IsPriorityGapOverRate(int low, int high, double rate, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), PriorityPolicy.MaxWait(low, high, rate));
    }

    [Fact]
    public void MaxWait_NoAgingAndHigherCompetitor_IsInfinite()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, PriorityPolicy.MaxWait(0, 10, 0));
    }

    [Fact]
    public void MaxWait_RateTooSmallForTimeSpan_IsInfinite()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, PriorityPolicy.MaxWait(int.MinValue, int.MaxValue, 1e-300));
    }

    [Fact]
    public void MaxWait_NegativeRate_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PriorityPolicy.MaxWait(0, 10, -1));
    }
}
