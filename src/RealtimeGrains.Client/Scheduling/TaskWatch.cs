using System.Threading.Channels;
using Orleans.Streams;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Client.Scheduling;

/// <summary>
/// An open subscription to a queue's task stream; dispose it to unsubscribe. Holds at most
/// <see cref="Capacity"/> unread changes: a reader that falls further behind loses the oldest
/// (counted in <see cref="Dropped"/>), so a busy queue cannot fill a slow client's memory.
/// </summary>
public sealed class TaskWatch : IAsyncDisposable
{
    /// <summary>Most unread changes kept.</summary>
    public const int Capacity = 100_000;

    private readonly Channel<TaskStatusChanged> _changes;
    private StreamSubscriptionHandle<TaskStatusBatch>? _handle;
    private long _dropped;

    private TaskWatch() =>
        _changes = Channel.CreateBounded<TaskStatusChanged>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref _dropped));

    /// <summary>Changes dropped because the reader fell more than <see cref="Capacity"/> behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Status changes received since the subscription, in order.</summary>
    public IAsyncEnumerable<TaskStatusChanged> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _changes.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Subscribes; changes published after this returns are received.</summary>
    internal static async Task<TaskWatch> StartAsync(IClusterClient client, string queue)
    {
        var watch = new TaskWatch();
        var stream = client.GetStreamProvider(TaskStreams.Provider).GetStream<TaskStatusBatch>(StreamId.Create(TaskStreams.Namespace, queue));
        watch._handle = await stream.SubscribeAsync(watch.OnBatch).ConfigureAwait(false);
        return watch;
    }

    public async ValueTask DisposeAsync()
    {
        _changes.Writer.TryComplete();
        if (_handle is not null)
        {
            await _handle.UnsubscribeAsync().ConfigureAwait(false);
            _handle = null;
        }
    }

    private Task OnBatch(TaskStatusBatch batch, StreamSequenceToken? token)
    {
        foreach (var change in batch.Changes)
        {
            _changes.Writer.TryWrite(change);
        }

        return Task.CompletedTask;
    }
}
