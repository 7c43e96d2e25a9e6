using CsCheck;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class SchedulerJournalTests
{
    private static readonly SchedulerOptions Options = new() { RetryBackoffMs = 100, MaxRetryBackoffMs = 250, HistoryLength = 5, RequestIdWindow = 7 };

    [Fact]
    public void Replay_SnapshotPlusEntriesTakenAtAnyPoints_EqualsLiveState()
    {
        // Each step: an operation on the live queue, or a write (journal entry or snapshot) of what it has.
        var step = Gen.Select(Gen.Int[0, 7], Gen.Int[0, 1000]);
        step.Array[1, 120].Sample(steps =>
        {
            var live = new TaskQueue("q", Options, new SchedulerState());
            live.Apply(new QueueSettingsChange { Policy = "fcfs", Concurrency = 3 });
            var snapshot = new SchedulerState();
            var entries = new List<SchedulerJournalEntry>();
            var running = new List<QueuedTask>();
            var now = TestTasks.T0;
            foreach (var (op, n) in steps)
            {
                now = now.AddMilliseconds(50);
                switch (op)
                {
                    case 0:
                        live.Accept(new TaskSpec { Handler = n % 2 == 0 ? "echo" : "sleep", MaxAttempts = 2, RequestId = n % 3 == 0 ? null : $"r{n}" }, now);
                        break;
                    case 1 when live.TryStart(now, out var started, out _):
                        running.Add(started);
                        break;
                    case 2 when running.Count > 0:
                        var done = running[n % running.Count];
                        running.Remove(done);
                        live.Complete(done.Id, new TaskRunOutcome { Attempt = done.Attempts, Status = TaskState.Completed, RunMs = n });
                        break;
                    case 3 when running.Count > 0:
                        var failed = running[n % running.Count];
                        running.Remove(failed);
                        live.Fail(failed.Id, failed.Attempts, "boom", now);
                        break;
                    case 4:
                        live.ReleaseDue(now);
                        break;
                    case 5:
                        entries.Add(live.TakeChanges());
                        break;
                    case 6:
                        snapshot = live.TakeSnapshot();
                        entries.Clear();
                        break;
                    case 7:
                        live.Apply(new QueueSettingsChange { Concurrency = 1 + (n % 4), Paused = n % 5 == 0 });
                        break;
                }
            }

            entries.Add(live.TakeChanges());
            var replayed = SchedulerJournal.Replay(snapshot, entries, Options.HistoryLength, Options.RequestIdWindow);
            var expected = live.TakeSnapshot();

            Assert.Equal(expected.Settings, replayed.Settings);
            Assert.Equal(expected.NextSequence, replayed.NextSequence);
            Assert.Equal(expected.Active.OrderBy(t => t.Sequence), replayed.Active.OrderBy(t => t.Sequence));
            Assert.Equal(expected.History.Select(h => h.Id), replayed.History.Select(h => h.Id));
            Assert.Equal(expected.Estimates, replayed.Estimates);
            Assert.Equal(expected.Requests, replayed.Requests);
            Assert.Equal(
                (expected.Submitted, expected.Completed, expected.Failed, expected.Retried),
                (replayed.Submitted, replayed.Completed, replayed.Failed, replayed.Retried));
        });
    }

    [Fact]
    public void TakeChanges_TaskAcceptedAndFinishedBetweenWrites_IsOnlyRemoved()
    {
        var queue = new TaskQueue("q", Options, new SchedulerState());
        var id = queue.Accept(new TaskSpec { Handler = "echo" }, TestTasks.T0).Id;
        queue.TryStart(TestTasks.T0, out _, out _);
        queue.Complete(id, new TaskRunOutcome { Attempt = 1, Status = TaskState.Completed, RunMs = 1 });

        var entry = queue.TakeChanges();

        Assert.Empty(entry.Upserts);
        Assert.Equal([id], entry.Removed);
        Assert.Equal([id], entry.Finished.Select(f => f.Id));
        Assert.Equal(0, queue.TakeChanges().Changes);
    }

    [Fact]
    public void Replay_NoEntries_ReturnsSnapshot()
    {
        var snapshot = new SchedulerState { NextSequence = 42, JournalStart = 7 };

        Assert.Same(snapshot, SchedulerJournal.Replay(snapshot, [], 10, 10));
    }
}
