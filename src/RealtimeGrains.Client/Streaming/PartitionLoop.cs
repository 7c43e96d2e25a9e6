using System.Threading.Channels;
using RealtimeGrains.Client.Telemetry;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// One partition of one stream on the producer side. One loop owns the open batch, the outbox of sealed batches
/// until acknowledged, the in-flight window, resends and ack timeouts; everything else only writes to its channels:
/// publishers append events to <see cref="_events"/>; answered sends (acknowledgements, refusals, failures), flushes and
/// the timer post commands to <see cref="_inbox"/>. The loop wakes for the first event of a batch and for a full batch, not per event.
/// </summary>
internal sealed partial class PartitionLoop : IAsyncDisposable
{
    private readonly Channel<PendingEvent> _events = Channel.CreateUnbounded<PendingEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Command> _inbox = Channel.CreateUnbounded<Command>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ProducerContext _producer;
    private readonly string _stream;
    private readonly int _partition;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _run;
    private int _pending;
    private bool _batchPending;

    /// <summary>Completed while publishers may go on; pending while a sealed batch waits for a window slot.</summary>
    private volatile Task _room = Task.CompletedTask;

    public PartitionLoop(ProducerContext producer, string stream, int partition)
    {
        _producer = producer;
        _stream = stream;
        _partition = partition;
        _timer = producer.Time.CreateTimer(static state => ((PartitionLoop)state!).Post(new Tick()), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _run = Task.Run(RunAsync);
    }

    /// <summary>Sealed batches not yet acknowledged, including those waiting for a window slot.</summary>
    public int InFlight => Volatile.Read(ref _outboxCount);

    /// <summary>Batches sent and not yet acknowledged (the window's taken slots).</summary>
    public int Sent => Volatile.Read(ref _sentCount);

    /// <summary>False while publishers wait: a full window holds back a sealed batch, or a full open batch.</summary>
    public bool HasRoom => _room.IsCompleted;

    /// <summary>
    /// Hands one event (key and payload in <paramref name="bytes"/>, the key first) to the loop; completes at once unless
    /// a sealed batch waits for a window slot, then when it has one. Cancelling the wait does not withdraw the event.
    /// </summary>
    public ValueTask AppendAsync(byte[] bytes, int keyLength, EventMeta meta, CancellationToken cancellationToken = default)
    {
        _events.Writer.TryWrite(new PendingEvent(bytes, keyLength, meta, _producer.Time.GetTimestamp()));
        var pending = Interlocked.Increment(ref _pending);
        var options = _producer.Options;
        if (pending >= Math.Min(options.MaxBatchEvents, options.MaxBatchBytes / bytes.Length))
        {
            Post(BatchPending.Instance);
        }
        else if (pending == 1)
        {
            Post(FirstPending.Instance);
        }

        var room = _room;
        return cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled(cancellationToken)
            : room.IsCompleted ? default : new ValueTask(room.WaitAsync(cancellationToken));
    }

    /// <summary>Seals the open batch; completes when every batch sealed so far is acknowledged or abandoned.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new Flush(done));
        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        await _run.ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _timer.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Post(Command command) => _inbox.Writer.TryWrite(command);

    private async Task RunAsync()
    {
        try
        {
            while (await _inbox.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_inbox.Reader.TryRead(out var command))
                {
                    Handle(command);
                }

                Pump(_producer.Time.GetTimestamp());
            }
        }
        catch (Exception ex)
        {
            // Without this loop nothing of the partition is sent: fail loudly rather than let a flush or a publisher wait for ever.
            _producer.Fail($"the producer's loop of stream '{_stream}' partition {_partition} failed ({ex.GetType().Name}: {ex.Message})");
            _roomWaiter?.TrySetException(ex);
            _drainWaiters.ForEach(w => w.Done.TrySetException(ex));
        }
    }

    private void Handle(Command command)
    {
        switch (command)
        {
            case SendDone { Refusal: null, Error: null } acked when _inFlight.Remove(acked.Entry.Batch.Sequence):
                _producer.Counters.Acked(acked.Entry.Batch.Count);
                var latency = _producer.Time.GetElapsedTime(acked.Entry.OpenedAt);
                _producer.AckLatency.Record(latency);
                ProducerMetrics.AckLatency.Record(latency.TotalMilliseconds, new KeyValuePair<string, object?>("stream", _stream));
                break;
            case SendDone done when _inFlight.TryGetValue(done.Entry.Batch.Sequence, out var entry) && entry == done.Entry:
                OnSendDone(entry, done.Sends, done.Refusal, done.Error);
                break;
            case BatchPending:
                _batchPending = true;
                break;
            case Tick:
                // The timer is disarmed once it fires; the pump arms it again for the next deadline.
                _timerDueAt = long.MaxValue;
                break;
            case Flush flush:
                TakeEvents(all: true);
                if (_writer.Count > 0)
                {
                    Seal();
                }

                _drainWaiters.Add((_nextSequence - 1, flush.Drained));
                break;
        }
    }

    /// <summary>An event a publisher handed over, stamped with the time it did.</summary>
    private readonly record struct PendingEvent(byte[] Bytes, int KeyLength, EventMeta Meta, long At);

    private abstract record Command;

    /// <summary>The first event of a batch is pending: the loop arms the linger timer.</summary>
    private sealed record FirstPending : Command
    {
        public static readonly FirstPending Instance = new();
    }

    /// <summary>A batch's worth of events is pending: the loop takes them.</summary>
    private sealed record BatchPending : Command
    {
        public static readonly BatchPending Instance = new();
    }

    /// <summary>A send of the entry is over: acknowledged (no refusal, no error), refused, or failed after <paramref name="Sends"/> sends.</summary>
    private sealed record SendDone(OutboxEntry Entry, int Sends, BatchRejection? Refusal, Exception? Error) : Command;

    private sealed record Flush(TaskCompletionSource Drained) : Command;

    private sealed record Tick : Command;
}
