using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Serialization;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Scheduling.Legacy;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class SchedulerStoreTests
{
    private static readonly SchedulerOptions Options = new() { HistoryLength = 100, RequestIdWindow = 100 };
    private static readonly GrainId LegacyId = GrainId.Create("scheduler", "q");
    private static readonly DeepCopier<QueueState> Copier = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<DeepCopier<QueueState>>();
    private static readonly DateTimeOffset T0 = TestTasks.T0;

    private readonly RecordStorage _storage = new(TestTasks.Serializer);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task WriteAsync_SnapshotFirstThenOneEntryPerWrite_LoadsBackIntoTheSameQueue()
    {
        var (store, live) = await OpenAsync();
        live.Configure(new QueueSettingsChange { Policy = "sjf", Concurrency = 2 });
        var first = live.Accept(new TaskSpec { Handler = "echo", RequestId = "a" }, T0).Id;
        await store.WriteAsync(live.State, snapshotNow: false);
        live.Accept(new TaskSpec { Handler = "sleep" }, T0);
        live.TryStart(T0, out _, out _);
        await store.WriteAsync(live.State, snapshotNow: false);
        live.Complete(first, new TaskRunOutcome { Attempt = 1, Status = TaskState.Completed, RunMs = 7 });
        await store.WriteAsync(live.State, snapshotNow: false);

        var (_, restored) = await OpenAsync();

        Assert.Equal(["rtg-scheduler-queue/q"], _storage.Keys("scheduler"));
        Assert.Equal(["rtg-scheduler-events/q/0", "rtg-scheduler-events/q/1"], _storage.Keys("scheduler-journal"));
        Assert.Equal(QueueJournalTests.Describe(live, T0), QueueJournalTests.Describe(restored, T0));
    }

    [Fact]
    public async Task WriteAsync_NothingRaisedSinceTheLastWrite_WritesNothing()
    {
        var (store, live) = await OpenAsync();
        live.Accept(new TaskSpec { Handler = "echo" }, T0);
        await store.WriteAsync(live.State, snapshotNow: false);
        var writes = _storage.Writes;

        await store.WriteAsync(live.State, snapshotNow: false);

        Assert.Equal(writes, _storage.Writes);
    }

    [Fact]
    public async Task WriteAsync_MaxEntriesWritten_NextWriteIsASnapshotAndTheFoldedEntriesAreDeleted()
    {
        var (store, live) = await OpenAsync();
        for (var i = 0; i <= SchedulerStore.MaxEntries; i++)
        {
            live.Accept(new TaskSpec { Handler = "echo" }, T0);
            await store.WriteAsync(live.State, snapshotNow: false);
        }

        Assert.Equal(SchedulerStore.MaxEntries, _storage.Keys("scheduler-journal").Count);
        live.Accept(new TaskSpec { Handler = "echo" }, T0);
        await store.WriteAsync(live.State, snapshotNow: false);

        Assert.Empty(_storage.Keys("scheduler-journal"));
        var (_, restored) = await OpenAsync();
        Assert.Equal(SchedulerStore.MaxEntries + 2, restored.PendingCount);
    }

    [Fact]
    public async Task LoadAsync_QueueStoredBeforeEvents_IsUpcastThenWrittenAsASnapshotAndTheOldRecordsDeleted()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Hosting.SiloConfigurationTests.RepoRoot(), "test", "RealtimeGrains.Tests", "Scheduling", "Fixtures", "queue-2026-11.bin"));
        var (snapshot, entries) = TestTasks.Serializer.Deserialize<(SchedulerState, List<SchedulerJournalEntry>)>(bytes);
        Put("scheduler", LegacyId, snapshot);
        for (var i = 0; i < entries.Count; i++)
        {
            Put("scheduler-journal", GrainId.Create("rtg-scheduler-journal", $"q/{snapshot.JournalStart + i}"), entries[i]);
        }

        var (store, queue) = await OpenAsync();
        var expected = File.ReadAllText(Path.Combine(Hosting.SiloConfigurationTests.RepoRoot(), "test", "RealtimeGrains.Tests", "Scheduling", "Fixtures", "queue-2026-11.json")).TrimEnd();
        Assert.Equal(expected, StoredQueueFixtureTests.View(queue));
        await store.WriteAsync(queue.State, snapshotNow: false);

        Assert.Equal(["rtg-scheduler-queue/q"], _storage.Keys("scheduler"));
        Assert.Empty(_storage.Keys("scheduler-journal"));
        var (_, reloaded) = await OpenAsync();
        Assert.Equal(expected, StoredQueueFixtureTests.View(reloaded));
        Assert.Equal("q:1", reloaded.AcceptedFor("order-1"));
    }

    [Fact]
    public async Task WriteAsync_AfterAVersionConflict_RefusesEveryLaterOneAsTakenOver()
    {
        var (store, live) = await OpenAsync();
        live.Accept(new TaskSpec { Handler = "echo" }, T0);
        await store.WriteAsync(live.State, snapshotNow: false);
        _storage.Failing = true;
        live.Accept(new TaskSpec { Handler = "echo" }, T0);
        await Assert.ThrowsAnyAsync<Exception>(() => store.WriteAsync(live.State, snapshotNow: false));
        _storage.Failing = false;

        var ex = await Assert.ThrowsAsync<GrainTakenOverException>(() => store.WriteAsync(live.State, snapshotNow: true));

        // The refused write was a version conflict: to every later caller, the queue was taken over (a call to retry).
        Assert.True(store.Failed);
        Assert.StartsWith("queue 'q': its stored state was written by another activation (write of ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("this one restarts from storage, retry the call", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_AfterAQuietSpellAnotherActivationWroteASnapshot_RefusesTheEntry()
    {
        var (store, live) = await OpenAsync();
        live.Accept(new TaskSpec { Handler = "echo" }, T0);
        await store.WriteAsync(live.State, snapshotNow: false);
        var (other, duplicate) = await OpenAsync();
        await other.WriteAsync(duplicate.State, snapshotNow: true);

        _time.Advance(SchedulerStore.StaleAfter + TimeSpan.FromMilliseconds(1));
        live.Accept(new TaskSpec { Handler = "echo" }, T0);
        var ex = await Assert.ThrowsAsync<GrainTakenOverException>(() => store.WriteAsync(live.State, snapshotNow: false));

        Assert.Equal("queue 'q': its stored snapshot was written by another activation; this one restarts from storage, retry the call", ex.Message);
    }

    [Fact]
    public async Task WriteAsync_QuietSpellOfCommitsWithNothingToWrite_StillChecksTheSnapshotBeforeTheNextEntry()
    {
        var (store, live) = await OpenAsync();
        live.Accept(new TaskSpec { Handler = "echo" }, T0);
        await store.WriteAsync(live.State, snapshotNow: false);
        var (other, duplicate) = await OpenAsync();
        await other.WriteAsync(duplicate.State, snapshotNow: true);
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(SchedulerStore.StaleAfter / 2);
            await store.WriteAsync(live.State, snapshotNow: false);
        }

        live.Accept(new TaskSpec { Handler = "echo" }, T0);

        await Assert.ThrowsAsync<GrainTakenOverException>(() => store.WriteAsync(live.State, snapshotNow: false));
    }

    /// <summary>An activation's store and queue, as the scheduler grain makes them.</summary>
    private async Task<(SchedulerStore Store, TaskQueue Queue)> OpenAsync()
    {
        var store = new SchedulerStore("q", LegacyId, _storage, Copier, _time, NullLogger.Instance);
        var (snapshot, journal) = await store.LoadAsync();
        return (store, new TaskQueue("q", Options, snapshot, journal, store.Append));
    }

    private void Put<T>(string state, GrainId id, T value) => _storage.Records[(state, id)] = (TestTasks.Serializer.SerializeToArray(value), $"legacy-{id}");
}
