using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Scheduling.Legacy;

namespace RealtimeGrains.Tests.Scheduling;

/// <summary>
/// A queue as storage held it on 2026-11-28 (a snapshot and two journal entries, in Orleans' binary serialization as
/// the grain storage writes them): whatever the scheduler's code becomes, such a queue must still load into the same
/// tasks, settings and counters. <c>queue-2026-11.bin</c> was written by <c>Write</c> in this file with the code of
/// that day (commit 505dc7e); since the queue became events, that format is only read, through <see cref="LegacyQueue"/>.
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
        var (snapshot, entries) = serializer.Deserialize<(SchedulerState, List<SchedulerJournalEntry>)>(File.ReadAllBytes(Path.Combine(Folder, "queue-2026-11.bin")));
        var queue = new TaskQueue("q", Options, LegacyQueue.Upcast(snapshot, entries));

        Assert.Equal(File.ReadAllText(Path.Combine(Folder, "queue-2026-11.json")).TrimEnd(), View(queue));
        Assert.Equal("q:1", queue.AcceptedFor("order-1")); // the request ids came back with it
    }

    /// <summary>What a client can see of a queue: its status, settings and every task.</summary>
    internal static string View(TaskQueue queue) => JsonSerializer.Serialize(
        new { Status = queue.Status(Now), queue.Settings, Tasks = queue.List() },
        Indented);
}
