using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class TaskQueueTests
{
    private static readonly DateTimeOffset T0 = TestTasks.T0;
    private static readonly SchedulerOptions Options = new() { RetryBackoffMs = 100, MaxRetryBackoffMs = 250, HistoryLength = 2 };

    private static TaskQueue Queue(int concurrency = 1, string policy = "fcfs")
    {
        var queue = new TaskQueue("q", Options);
        queue.Configure(new QueueSettingsChange { Policy = policy, Concurrency = concurrency });
        return queue;
    }

    private static TaskSpec Spec(int maxAttempts = 3) => new() { Handler = "echo", MaxAttempts = maxAttempts };

    [Fact]
    public void TryStart_ConcurrencyReached_StartsNoMoreUntilOneCompletes()
    {
        var queue = Queue(concurrency: 2);
        var ids = Enumerable.Range(0, 3).Select(_ => queue.Accept(Spec(), T0).Id).ToList();

        Assert.True(queue.TryStart(T0, out var a, out _));
        Assert.True(queue.TryStart(T0, out var b, out _));
        Assert.False(queue.TryStart(T0, out _, out _));
        queue.Complete(a.Id, new TaskRunOutcome { Attempt = 1, Status = TaskState.Completed, RunMs = 3 });

        Assert.True(queue.TryStart(T0, out var c, out var newAttempt));
        Assert.Equal(ids, [a.Id, b.Id, c.Id]);
        Assert.True(newAttempt);
        Assert.Equal((0, 2, 1L), (queue.PendingCount, queue.RunningCount, queue.State.Completed));
    }

    [Fact]
    public void Fail_AttemptsLeft_RetriesAfterDoublingCappedBackoffThenFails()
    {
        var queue = Queue();
        var id = queue.Accept(Spec(maxAttempts: 3), T0).Id;
        var retryTimes = new List<DateTimeOffset?>();
        var now = T0;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.True(queue.TryStart(now, out var task, out _));
            Assert.Equal(attempt, task.Attempts);
            var (info, retryAt) = queue.Fail(id, attempt, $"boom {attempt}", now)!.Value;
            retryTimes.Add(retryAt is { } due ? T0 + (due - now) : null);
            if (retryAt is { } at)
            {
                Assert.Equal(TaskState.Pending, info.Status);
                Assert.False(queue.TryStart(at.AddTicks(-1), out _, out _));
                Assert.Equal(0, queue.ReleaseDue(at.AddTicks(-1)));
                Assert.Equal(1, queue.ReleaseDue(at));
                now = at;
            }
            else
            {
                Assert.Equal((TaskState.Failed, "boom 3", 3), (info.Status, info.Error, info.Attempts));
            }
        }

        Assert.Equal([T0.AddMilliseconds(100), T0.AddMilliseconds(200), null], retryTimes);
        Assert.Equal((1L, 2L, 0), (queue.State.Failed, queue.State.Retried, queue.PendingCount));
    }

    [Fact]
    public void CompleteOrFail_StaleAttempt_IsIgnored()
    {
        var queue = Queue();
        var id = queue.Accept(Spec(), T0).Id;
        queue.TryStart(T0, out _, out _);

        Assert.Null(queue.Complete(id, new TaskRunOutcome { Attempt = 2, Status = TaskState.Completed }));
        Assert.Null(queue.Fail(id, 7, "old", T0));
        Assert.Equal(1, queue.RunningCount);
    }

    [Fact]
    public void Constructor_FromStateWithRunningTask_ReattachesSameAttemptFirst()
    {
        var queue = Queue(concurrency: 1);
        var running = queue.Accept(Spec(), T0).Id;
        var pending = queue.Accept(Spec(), T0).Id;
        queue.TryStart(T0, out _, out _);

        var restored = new TaskQueue("q", Options, TestTasks.Stored(queue.State));

        Assert.Equal((1, 1), (restored.RunningCount, restored.PendingCount));
        Assert.True(restored.TryStart(T0, out var again, out var newAttempt));
        Assert.Equal((running, 1, false), (again.Id, again.Attempts, newAttempt));
        Assert.False(restored.TryStart(T0, out _, out _));
        restored.Complete(running, new TaskRunOutcome { Attempt = 1, Status = TaskState.Completed });
        Assert.True(restored.TryStart(T0, out var next, out _));
        Assert.Equal(pending, next.Id);
    }

    [Fact]
    public void EnsureRoom_AtMaxLength_ThrowsQueueFull()
    {
        var queue = Queue();
        queue.Configure(new QueueSettingsChange { MaxLength = 1, Paused = true });
        queue.Accept(Spec(), T0);

        var ex = Assert.Throws<QueueFullException>(() => queue.EnsureRoom(1));

        Assert.Equal("queue 'q' is full (1 pending, max length 1); retry later", ex.Message);
    }

    [Fact]
    public void Complete_RecordsRunTimeIntoEstimatorAndBoundsHistory()
    {
        var queue = Queue();
        for (var i = 0; i < 3; i++)
        {
            var id = queue.Accept(Spec(), T0).Id;
            queue.TryStart(T0, out _, out _);
            queue.Complete(id, new TaskRunOutcome { Attempt = 1, Status = TaskState.Completed, RunMs = 20 });
        }

        Assert.Equal(2, queue.List().Count);
        Assert.Equal(["q:2", "q:3"], queue.List().Select(t => t.Id));
        Assert.Equal(0.5 * 20 + 0.5 * (0.5 * 20 + 0.5 * (0.5 * 20 + 0.5 * 100)), queue.Estimator.EstimateMs("echo"), 9);
    }

    [Fact]
    public void Apply_UnknownPolicyOrBadConcurrency_ThrowsAndKeepsSettings()
    {
        var queue = Queue();

        Assert.Throws<UnknownPolicyException>(() => queue.Configure(new QueueSettingsChange { Policy = "lifo" }));
        Assert.Throws<InvalidQueueSettingsException>(() => queue.Configure(new QueueSettingsChange { Concurrency = 0 }));

        Assert.Equal(("fcfs", 1), (queue.Settings.Policy, queue.Settings.Concurrency));
    }
}
