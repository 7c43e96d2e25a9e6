using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

/// <summary>
/// A queue as storage held it on 2026-11-28 (a snapshot and two journal entries, in Orleans' binary serialization as
/// the grain storage writes them): whatever the scheduler's code becomes, such a queue must still load into the same
/// tasks, settings and counters. <c>queue-2026-11.bin</c> was written by <see cref="Write"/> with the code of that day
/// (set <c>RTG_WRITE_QUEUE_FIXTURE=1</c> to write it again, which only makes sense for a new fixture).
/// </summary>
public sealed class StoredQueueFixtureTests
{
    private static readonly SchedulerOptions Options = new() { HistoryLength = 100, RequestIdWindow = 100 };
    private static readonly DateTimeOffset Now = TestTasks.T0.AddSeconds(10);
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string Folder = Path.Combine(Hosting.SiloConfigurationTests.RepoRoot(), "test", "RealtimeGrains.Tests", "Scheduling", "Fixtures");

    [Fact]
    public void AQueueStoredByEarlierCode_LoadsIntoTheSameTasksSettingsAndCounters()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        if (Environment.GetEnvironmentVariable("RTG_WRITE_QUEUE_FIXTURE") == "1")
        {
            Write(serializer);
        }

        var (snapshot, entries) = serializer.Deserialize<(SchedulerState, List<SchedulerJournalEntry>)>(File.ReadAllBytes(Path.Combine(Folder, "queue-2026-11.bin")));
        var queue = new TaskQueue("q", Options, SchedulerJournal.Replay(snapshot, entries, Options.HistoryLength, Options.RequestIdWindow));

        Assert.Equal(File.ReadAllText(Path.Combine(Folder, "queue-2026-11.json")).TrimEnd(), View(queue));
        Assert.Equal("q:1", queue.AcceptedFor("order-1")); // the request ids came back with it
    }

    /// <summary>What a client can see of a queue: its status, settings and every task.</summary>
    private static string View(TaskQueue queue) => JsonSerializer.Serialize(
        new { Status = queue.Status(Now), queue.Settings, Tasks = queue.List() },
        Indented);

    private static void Write(Serializer serializer)
    {
        var live = new TaskQueue("q", Options, new SchedulerState());
        live.Apply(new QueueSettingsChange { Policy = "sjf", Concurrency = 2 });
        var t = TestTasks.T0;
        for (var i = 1; i <= 6; i++)
        {
            live.Accept(new TaskSpec { Handler = i % 2 == 0 ? "echo" : "sleep", Payload = [(byte)i], EstimatedCostMs = i * 10, Priority = i, MaxAttempts = 2, RequestId = $"order-{i}" }, t.AddMilliseconds(i));
        }

        live.TryStart(t.AddSeconds(1), out var first, out _);
        live.TryStart(t.AddSeconds(1), out var second, out _);
        live.Complete(first!.Id, new TaskRunOutcome { Attempt = first.Attempts, Status = TaskState.Completed, RunMs = 12, Result = [42] });
        live.Fail(second!.Id, second.Attempts, "boom", t.AddSeconds(2));
        var snapshot = live.TakeSnapshot();

        live.Accept(new TaskSpec { Handler = "echo", RequestId = "order-7" }, t.AddSeconds(3));
        live.ReleaseDue(t.AddSeconds(5));
        live.TryStart(t.AddSeconds(5), out var third, out _);
        var entry1 = live.TakeChanges();
        live.Complete(third!.Id, new TaskRunOutcome { Attempt = third.Attempts, Status = TaskState.Completed, RunMs = 30 });
        live.Apply(new QueueSettingsChange { Concurrency = 3, Paused = true });
        var entry2 = live.TakeChanges();

        File.WriteAllBytes(Path.Combine(Folder, "queue-2026-11.bin"), serializer.SerializeToArray((snapshot, new List<SchedulerJournalEntry> { entry1, entry2 })));
        File.WriteAllText(Path.Combine(Folder, "queue-2026-11.json"), View(live) + "\n");
    }
}
