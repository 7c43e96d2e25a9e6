using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

/// <summary>Builds tasks and drains policies for the scheduling tests.</summary>
internal static class TestTasks
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static PendingTask Make(
        long sequence, string handler = "h", int priority = 0, double? cost = null, DateTimeOffset? acceptedAt = null) =>
        new($"t{sequence}", handler, priority, cost, sequence, acceptedAt ?? T0);

    public static ISchedulingPolicy Create(string name) => SchedulingPolicies.Create(name, new DurationEstimator(), 5);

    /// <summary>Dequeues until empty, checking that Peek predicts each dequeue.</summary>
    public static List<PendingTask> Drain(ISchedulingPolicy policy, DateTimeOffset now)
    {
        var drained = new List<PendingTask>();
        while (policy.Peek(now) is { } next)
        {
            Assert.True(policy.TryDequeue(now, out var task));
            Assert.Same(next, task);
            drained.Add(task);
        }

        Assert.False(policy.TryDequeue(now, out _));
        Assert.Equal(0, policy.Count);
        return drained;
    }

    public static List<string> Ids(IEnumerable<PendingTask> tasks) => [.. tasks.Select(t => t.TaskId)];
}
