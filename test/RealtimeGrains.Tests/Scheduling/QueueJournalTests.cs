using System.Text.Json;
using CsCheck;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

/// <summary>A queue restored from a snapshot and the events raised since is the queue that raised them.</summary>
public sealed class QueueJournalTests
{
    private static readonly SchedulerOptions Options = new() { RetryBackoffMs = 100, MaxRetryBackoffMs = 250, HistoryLength = 5, RequestIdWindow = 7 };

    [Fact]
    public void Replay_SnapshotPlusEventsRaisedSinceAtAnyPoints_EqualsLiveQueue()
    {
        // Each step: a command on the live queue, a snapshot, or a restart of the live queue from what is stored.
        var step = Gen.Select(Gen.Int[0, 8], Gen.Int[0, 1000]);
        step.Array[1, 150].Sample(steps =>
        {
            var journal = new List<QueueEvent>();
            var live = new TaskQueue("q", Options, raised: journal.Add);
            var snapshot = TestTasks.Stored(live.State);
            var running = new List<QueuedTask>();
            var now = TestTasks.T0;
            foreach (var (op, n) in steps)
            {
                // Steps of 1/8 s: aging keys (priority minus seconds waited) stay exact, so ties break the same after a restore.
                now = now.AddMilliseconds(125);
                switch (op)
                {
                    case 0:
                        live.Accept(new TaskSpec { Handler = n % 2 == 0 ? "echo" : "sleep", MaxAttempts = 2, Priority = n % 4, EstimatedCostMs = n % 3 == 0 ? n : null, RequestId = n % 3 == 1 ? null : $"r{n % 40}" }, now);
                        break;
                    case 1 when live.TryStart(now, out var started, out _):
                        running.Add(started);
                        break;
                    case 2 when running.Count > 0:
                        var done = running[n % running.Count];
                        running.Remove(done);
                        live.Complete(done.Id, new TaskRunOutcome { Attempt = done.Attempts, Status = TaskState.Completed, RunMs = n, CompletedAt = now });
                        break;
                    case 3 when running.Count > 0:
                        var failed = running[n % running.Count];
                        running.Remove(failed);
                        live.Fail(failed.Id, failed.Attempts, "boom", now, n);
                        break;
                    case 4:
                        live.ReleaseDue(now);
                        break;
                    case 5:
                        snapshot = TestTasks.Stored(live.State);
                        journal.Clear();
                        break;
                    case 6:
                        live.Configure(new QueueSettingsChange { Policy = SchedulingPolicies.Names[n % 3], AgingPerSecond = n % 2 });
                        break;
                    case 7:
                        live.Configure(new QueueSettingsChange { Concurrency = 1 + (n % 4), Paused = n % 5 == 0 });
                        break;
                    case 8:
                        // Attempts running before are answered once re-attached (a start with the same attempt number).
                        live = new TaskQueue("q", Options, TestTasks.Stored(snapshot), [.. journal], journal.Add);
                        running.Clear();
                        break;
                }
            }

            var stored = TestTasks.Serializer.Deserialize<List<QueueEvent>>(TestTasks.Serializer.SerializeToArray(journal))!;
            var replayed = new TaskQueue("q", Options, TestTasks.Stored(snapshot), stored);

            Assert.Equal(Describe(live, now), Describe(replayed, now));
            Assert.Equal(NewStarts(live, now), NewStarts(replayed, now));
        });
    }

    [Fact]
    public void Replay_TaskAcceptedAndFinishedSinceTheSnapshot_IsOnlyInTheHistory()
    {
        var journal = new List<QueueEvent>();
        var queue = new TaskQueue("q", Options, raised: journal.Add);
        var snapshot = TestTasks.Stored(queue.State);
        var id = queue.Accept(new TaskSpec { Handler = "echo" }, TestTasks.T0).Id;
        queue.TryStart(TestTasks.T0, out _, out _);
        queue.Complete(id, new TaskRunOutcome { Attempt = 1, Status = TaskState.Completed, RunMs = 1 });

        var replayed = new TaskQueue("q", Options, snapshot, journal);

        Assert.Equal([typeof(TaskAccepted), typeof(TaskStarted), typeof(TaskFinished)], journal.Select(e => e.GetType()));
        Assert.Empty(replayed.State.Tasks);
        Assert.Equal([id], replayed.List().Select(t => t.Id));
        Assert.Equal((0, 0, 1L), (replayed.PendingCount, replayed.RunningCount, replayed.State.Completed));
    }

    [Fact]
    public void Replay_NoEvents_StateIsTheSnapshot()
    {
        var snapshot = new QueueState { NextSequence = 42, JournalStart = 7 };

        Assert.Same(snapshot, new TaskQueue("q", Options, snapshot, []).State);
    }

    [Fact]
    public void Events_RoundTripThroughOrleansSerialization()
    {
        var journal = new List<QueueEvent>();
        var queue = new TaskQueue("q", Options, raised: journal.Add);
        queue.Configure(new QueueSettingsChange { Policy = "sjf", Concurrency = 2 });
        var id = queue.Accept(new TaskSpec { Handler = "echo", Payload = [1, 2], RequestId = "r" }, TestTasks.T0).Id;
        queue.TryStart(TestTasks.T0, out _, out _);
        var retryAt = queue.Fail(id, 1, "boom", TestTasks.T0)!.Value.RetryAt!.Value;
        queue.ReleaseDue(retryAt);
        queue.TryStart(retryAt, out _, out _);
        queue.Complete(id, new TaskRunOutcome { Attempt = 2, Status = TaskState.Completed, RunMs = 5 });

        var stored = TestTasks.Serializer.Deserialize<List<QueueEvent>>(TestTasks.Serializer.SerializeToArray(journal))!;

        Assert.Equal(
            [typeof(SettingsChanged), typeof(TaskAccepted), typeof(TaskStarted), typeof(RetryScheduled), typeof(RetryReleased), typeof(TaskStarted), typeof(TaskFinished)],
            stored.Select(e => e.GetType()));
        Assert.Equal(JsonSerializer.Serialize(journal.Cast<object>()), JsonSerializer.Serialize(stored.Cast<object>()));
    }

    /// <summary>Everything a queue holds: what clients see, plus what the journal must also bring back.</summary>
    internal static string Describe(TaskQueue queue, DateTimeOffset now) => JsonSerializer.Serialize(new
    {
        Status = queue.Status(now),
        Tasks = queue.List(),
        queue.State.NextSequence,
        queue.State.Submitted,
        Requests = queue.State.Requests.ToList(),
        queue.NextRetryAt,
        queue.OldestPendingSubmittedAt,
        queue.Configured,
    });

    /// <summary>The order the queue would start its pending tasks in, with every slot free (re-attached attempts left out).</summary>
    private static List<string> NewStarts(TaskQueue queue, DateTimeOffset now)
    {
        queue.Configure(new QueueSettingsChange { Concurrency = QueueLimits.MaxConcurrency, Paused = false });
        var order = new List<string>();
        while (queue.TryStart(now, out var task, out var newAttempt))
        {
            if (newAttempt)
            {
                order.Add(task.Id);
            }
        }

        return order;
    }
}
