using CsCheck;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

/// <summary>Behaviour every policy shares: counting, removal, snapshots and input checks.</summary>
public sealed class PolicyContractTests
{
    private static readonly DateTimeOffset _now = TestTasks.T0.AddSeconds(30);

    public static TheoryData<string> Policies => [.. SchedulingPolicies.Names];

    [Theory]
    [MemberData(nameof(Policies))]
    public void Remove_PendingTask_IsNeverDequeued(string name)
    {
        var policy = TestTasks.Create(name);
        for (var i = 1; i <= 5; i++)
        {
            policy.Enqueue(TestTasks.Make(i, $"h{i % 2}", priority: i % 3, cost: i % 2 == 0 ? i * 10 : null));
        }

        Assert.True(policy.Remove("t2"));
        Assert.True(policy.Remove("t5"));
        Assert.False(policy.Remove("t2"));
        Assert.False(policy.Remove("missing"));
        Assert.Equal(3, policy.Count);

        Assert.Equal(["t1", "t3", "t4"], TestTasks.Ids(TestTasks.Drain(policy, _now)).Order());
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Snapshot_AfterRandomOperations_ContainsExactlyPendingTasks(string name)
    {
        // Op kinds: 0-2 enqueue, 3 dequeue, 4 remove (possibly an id that is no longer pending).
        var op = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 99], Gen.Int[-20, 20]);
        op.Array[0, 150].Sample(ops =>
        {
            var policy = TestTasks.Create(name);
            var pending = new Dictionary<string, QueuedTask>();
            long sequence = 0;
            foreach (var (kind, value, offsetSeconds) in ops)
            {
                if (kind < 3)
                {
                    var task = TestTasks.Make(
                        sequence++, $"h{value % 3}", value % 5, value < 50 ? value : null, _now.AddSeconds(offsetSeconds));
                    policy.Enqueue(task);
                    pending.Add(task.Id, task);
                }
                else if (kind == 3)
                {
                    var expected = policy.Peek(_now);
                    Assert.Equal(pending.Count > 0, policy.TryDequeue(_now, out var task));
                    Assert.Same(expected, task);
                    Assert.True(task is null || pending.Remove(task.Id));
                }
                else
                {
                    var id = $"t{value % (sequence + 1)}";
                    Assert.Equal(pending.Remove(id), policy.Remove(id));
                }

                Assert.Equal(pending.Count, policy.Count);
            }

            Assert.Equal(pending.Keys.Order(), TestTasks.Ids(policy.Snapshot()).Order());
            Assert.Equal(pending.Keys.Order(), TestTasks.Ids(TestTasks.Drain(policy, _now)).Order());
        });
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Snapshot_MovedIntoEveryPolicy_KeepsAllTasksAndIsACopy(string name)
    {
        var source = TestTasks.Create(name);
        for (var i = 0; i < 20; i++)
        {
            source.Enqueue(TestTasks.Make(i, $"h{i % 3}", i % 4, i % 2 == 0 ? i : null, TestTasks.T0.AddSeconds(i)));
        }

        var snapshot = source.Snapshot();
        Assert.True(source.TryDequeue(_now, out _));

        foreach (var targetName in SchedulingPolicies.Names)
        {
            var target = TestTasks.Create(targetName);
            foreach (var task in snapshot)
            {
                target.Enqueue(task);
            }

            Assert.Equal(20, target.Count);
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"t{i}").Order(), TestTasks.Ids(TestTasks.Drain(target, _now)).Order());
        }
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Enqueue_DuplicateTaskId_ThrowsAndKeepsCount(string name)
    {
        var policy = TestTasks.Create(name);
        policy.Enqueue(TestTasks.Make(1));

        var ex = Assert.Throws<ArgumentException>(() => policy.Enqueue(TestTasks.Make(1) with { Sequence = 2 }));

        Assert.StartsWith("task 't1' is already pending.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, policy.Count);
        Assert.Single(policy.Snapshot());
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Enqueue_InvalidCost_ThrowsAndKeepsCount(string name)
    {
        var policy = TestTasks.Create(name);

        foreach (var cost in new[] { -1, double.NaN, double.PositiveInfinity })
        {
            Assert.Throws<ArgumentException>(() => policy.Enqueue(TestTasks.Make(1, cost: cost)));
        }

        Assert.Throws<ArgumentException>(() => policy.Enqueue(TestTasks.Make(1) with { Id = "" }));
        Assert.Equal(0, policy.Count);
        Assert.Null(policy.Peek(_now));
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void TryDequeue_Empty_ReturnsFalse(string name)
    {
        var policy = TestTasks.Create(name);

        Assert.False(policy.TryDequeue(_now, out var task));
        Assert.Null(task);
        Assert.Empty(policy.Snapshot());
    }
}
