using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

/// <summary>Builds tasks and drains policies for the scheduling tests.</summary>
internal static class TestTasks
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    public static QueuedTask Make(
        long sequence, string handler = "h", int priority = 0, double? cost = null, DateTimeOffset? acceptedAt = null) => new()
    {
        Id = $"t{sequence}",
        Sequence = sequence,
        Spec = new TaskSpec { Handler = handler, Priority = priority, EstimatedCostMs = cost },
        SubmittedAt = acceptedAt ?? T0,
    };

    /// <summary>A queue's state as storage gives it back (Orleans' binary format, the grain storages' serializer).</summary>
    public static QueueState Stored(QueueState state) => Serializer.Deserialize<QueueState>(Serializer.SerializeToArray(state))!;

    public static ISchedulingPolicy Create(string name) => SchedulingPolicies.Create(name, new DurationEstimator(), 5);

    /// <summary>Takes the task <see cref="ISchedulingPolicy.Peek"/> names, as the queue does when it starts one.</summary>
    public static bool TryDequeue(this ISchedulingPolicy policy, DateTimeOffset now, [MaybeNullWhen(false)] out QueuedTask task)
    {
        task = policy.Peek(now);
        return task is not null && policy.Remove(task.Id);
    }

    /// <summary>Dequeues until empty, checking that Peek predicts each dequeue.</summary>
    public static List<QueuedTask> Drain(ISchedulingPolicy policy, DateTimeOffset now)
    {
        var drained = new List<QueuedTask>();
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

    public static List<string> Ids(IEnumerable<QueuedTask> tasks) => [.. tasks.Select(t => t.Id)];
}
