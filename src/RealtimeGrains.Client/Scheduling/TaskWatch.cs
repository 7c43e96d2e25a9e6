using System.Threading.Channels;
using Orleans.Streams;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Client.Scheduling;

/// <summary>An open subscription to a queue's task stream; dispose it to unsubscribe.</summary>
public sealed class TaskWatch : IAsyncDisposable
{
    private readonly Channel<TaskStatusChanged> _changes = Channel.CreateUnbounded<TaskStatusChanged>(new UnboundedChannelOptions { SingleReader = true });
    private StreamSubscriptionHandle<TaskStatusBatch>? _handle;

    private TaskWatch()
    {
    }

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
