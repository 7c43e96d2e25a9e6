using CsCheck;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class FcfsPolicyTests
{
    [Fact]
    public void TryDequeue_InterleavedWithEnqueue_NeverReorders()
    {
        // Each op: enqueue (with arbitrary priority/cost/handler, which FCFS must ignore) or dequeue.
        var op = Gen.Select(Gen.Bool, Gen.Int[-5, 5], Gen.Int[0, 300]);
        op.Array[0, 300].Sample(ops =>
        {
            var policy = new FcfsPolicy();
            var model = new Queue<string>();
            long sequence = 0;
            foreach (var (enqueue, priority, value) in ops)
            {
                if (enqueue)
                {
                    var task = TestTasks.Make(sequence++, $"h{value % 3}", priority, value < 100 ? null : value);
                    policy.Enqueue(task);
                    model.Enqueue(task.Id);
                }
                else if (model.Count == 0)
                {
                    Assert.False(policy.TryDequeue(TestTasks.T0, out _));
                }
                else
                {
                    Assert.True(policy.TryDequeue(TestTasks.T0, out var task));
                    Assert.Equal(model.Dequeue(), task.Id);
                }

                Assert.Equal(model.Count, policy.Count);
            }

            Assert.Equal(model, TestTasks.Ids(TestTasks.Drain(policy, TestTasks.T0)));
        });
    }

    [Fact]
    public void TryDequeue_EnqueuedOutOfSequenceOrder_ReturnsSequenceOrder()
    {
        Gen.Int[0, 1000].Array[0, 100].Sample(sequences =>
        {
            var distinct = sequences.Distinct().ToArray();
            var policy = new FcfsPolicy();
            foreach (var sequence in distinct)
            {
                policy.Enqueue(TestTasks.Make(sequence));
            }

            var expected = distinct.Order().Select(s => $"t{s}").ToList();
            Assert.Equal(expected, TestTasks.Ids(TestTasks.Drain(policy, TestTasks.T0)));
        });
    }

    [Fact]
    public void TryDequeue_HigherPriorityAndCheaperLater_StillAcceptOrder()
    {
        var policy = new FcfsPolicy();
        policy.Enqueue(TestTasks.Make(1, priority: 0, cost: 1000));
        policy.Enqueue(TestTasks.Make(2, priority: 9, cost: 1));

        Assert.Equal(["t1", "t2"], TestTasks.Ids(TestTasks.Drain(policy, TestTasks.T0)));
    }
}
