using Microsoft.Extensions.Time.Testing;
using RealtimeGrains.Storage;

namespace RealtimeGrains.Tests.Storage;

/// <summary>
/// <see cref="GroupCommit"/> as a grain uses it: every step runs on one exclusive scheduler (the grain's turn), the
/// writes are held open by the test, time is fake.
/// </summary>
public sealed class GroupCommitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public Task CommitsDuringAWrite_AreServedByOneNextWrite() => OnGrainTurn(async () =>
    {
        var writes = new Writes();
        var commit = new GroupCommit(writes.WriteAsync, TimeProvider.System, TimeSpan.Zero);

        var first = commit.CommitAsync();
        var during = new[] { commit.CommitAsync(), commit.CommitAsync(), commit.CommitAsync() };
        Assert.Equal(1, writes.Started);
        writes.Finish(0);
        await first;
        Assert.Equal(2, writes.Started);
        Assert.All(during, t => Assert.False(t.IsCompleted, "served by a write that started before it was asked for"));
        writes.Finish(1);
        await Task.WhenAll(during);

        Assert.Equal(2, writes.Started);
    });

    [Fact]
    public Task AFailedWrite_FaultsOnlyItsWaiters_AndTheNextWriteServesTheRest() => OnGrainTurn(async () =>
    {
        var writes = new Writes();
        var commit = new GroupCommit(writes.WriteAsync, TimeProvider.System, TimeSpan.Zero);

        var failing = commit.CommitAsync();
        var later = commit.CommitAsync();
        writes.Fail(0, new IOException("store down"));
        Assert.Equal("store down", (await Assert.ThrowsAsync<IOException>(() => failing)).Message);
        writes.Finish(1);
        await later;

        Assert.Equal(2, writes.Started);
    });

    [Fact]
    public Task MinInterval_LingersBeforeEachWrite_GatheringWhatComesMeanwhile() => OnGrainTurn(async () =>
    {
        var time = new FakeTimeProvider();
        var writes = new Writes();
        var commit = new GroupCommit(writes.WriteAsync, time, TimeSpan.FromMilliseconds(5));

        var a = commit.CommitAsync();
        var b = commit.CommitAsync();
        time.Advance(TimeSpan.FromMilliseconds(4));
        await Task.Yield();
        Assert.Equal(0, writes.Started);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await writes.WaitStartedAsync(1);
        writes.Finish(0);
        await Task.WhenAll(a, b);

        Assert.Equal(1, writes.Started);
    });

    [Fact]
    public Task CommitSoon_WritesAfterItsDelay_UnlessACommitTakesItAlongFirst() => OnGrainTurn(async () =>
    {
        var time = new FakeTimeProvider();
        var writes = new Writes();
        var commit = new GroupCommit(writes.WriteAsync, time, TimeSpan.Zero);

        commit.CommitSoon(TimeSpan.FromMilliseconds(50));
        commit.CommitSoon(TimeSpan.FromMilliseconds(50));
        time.Advance(TimeSpan.FromMilliseconds(49));
        await Task.Yield();
        Assert.Equal(0, writes.Started);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await writes.WaitStartedAsync(1);
        writes.Finish(0);

        var asked = commit.CommitAsync();
        commit.CommitSoon(TimeSpan.FromMilliseconds(50)); // rides along with the write already asked for
        await writes.WaitStartedAsync(2);
        writes.Finish(1);
        await asked;
        time.Advance(TimeSpan.FromMilliseconds(100));
        await Task.Yield();

        Assert.Equal(2, writes.Started);
    });

    private static Task OnGrainTurn(Func<Task> test)
    {
        var turn = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        return Task.Factory.StartNew(test, CancellationToken.None, TaskCreationOptions.None, turn).Unwrap().WaitAsync(Timeout);
    }

    /// <summary>Writes the test finishes one by one, in the order they started.</summary>
    private sealed class Writes
    {
        private readonly List<TaskCompletionSource> _writes = [];
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

        public int Started => _writes.Count;

        public Task WriteAsync()
        {
            var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _writes.Add(write);
            foreach (var waiter in _waiters.Where(w => w.Count <= _writes.Count).ToList())
            {
                waiter.Reached.SetResult();
                _waiters.Remove(waiter);
            }

            return write.Task;
        }

        public Task WaitStartedAsync(int count)
        {
            if (_writes.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }

        public void Finish(int index) => _writes[index].SetResult();

        public void Fail(int index, Exception error) => _writes[index].SetException(error);
    }
}
