using System.Threading.Channels;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// One partition of one stream on the producer side. One loop owns the open batch, the outbox of sealed batches
/// until acknowledged, the in-flight window, resends and ack timeouts; everything else (publishers, acknowledgements,
/// finished sends, the timer) only posts commands to it. Publishers wait while a sealed batch waits for a window slot.
/// </summary>
internal sealed partial class PartitionLoop : IAsyncDisposable
{
    private static readonly TimeSpan MaxSendBackoff = TimeSpan.FromSeconds(2);
    private readonly Channel<Command> _inbox = Channel.CreateUnbounded<Command>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ProducerContext _producer;
    private readonly string _stream;
    private readonly int _partition;
    private readonly string _replyToId;
    private readonly EventWriter _writer = new();
    private readonly Queue<OutboxEntry> _waiting = new();
    private readonly SortedDictionary<long, OutboxEntry> _inFlight = [];
    private readonly List<OutboxEntry> _due = [];
    private readonly List<TaskCompletionSource> _roomWaiters = [];
    private readonly List<(long UpTo, TaskCompletionSource Done)> _drainWaiters = [];
    private readonly ITimer _timer;
    private readonly Task _run;
    private long _openedAt;
    private long _nextSequence = 1;
    private long _timerDueAt = long.MaxValue;
    private int _outboxCount;

    public PartitionLoop(ProducerContext producer, string stream, int partition)
    {
        _producer = producer;
        _stream = stream;
        _partition = partition;
        _replyToId = BatchCodec.ReplyToId(producer.Transport.ReplyTo);
        _timer = _producer.Time.CreateTimer(static state => ((PartitionLoop)state!).Post(new Tick()), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _run = Task.Run(RunAsync);
    }

    /// <summary>Sealed batches not yet acknowledged, including those waiting for a window slot.</summary>
    public int InFlight => Volatile.Read(ref _outboxCount);

    /// <summary>Appends one event; completes once it is in a batch and no sealed batch waits for a window slot.</summary>
    public Task AppendAsync(byte[] key, byte[] payload, EventMeta meta) => Ask(done => new Append(key, payload, meta, _producer.Time.GetTimestamp(), done));

    /// <summary>Seals the open batch; completes when every batch sealed so far is acknowledged or abandoned.</summary>
    public Task FlushAsync() => Ask(done => new Flush(done));

    public void OnAcked(long[] sequences) => Post(new Acked(sequences));

    public void OnRejected(long sequence, BatchRejectReason reason) => Post(new Rejected(sequence, reason));

    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        await _run.ConfigureAwait(false);
        await _timer.DisposeAsync().ConfigureAwait(false);
    }

    private void Post(Command command) => _inbox.Writer.TryWrite(command);

    private Task Ask(Func<TaskCompletionSource, Command> command)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(command(done));
        return done.Task;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _producer.Time.TimestampFrequency);

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
            // Without this loop nothing of the partition is sent: fail loudly rather than let a flush wait for ever.
            _producer.Fail($"the producer's loop of stream '{_stream}' partition {_partition} failed ({ex.GetType().Name}: {ex.Message})");
            _roomWaiters.ForEach(w => w.TrySetException(ex));
        }
    }

    private void Handle(Command command)
    {
        switch (command)
        {
            case Append append:
                AppendEvent(append);
                break;
            case Acked acked:
                foreach (var sequence in acked.Sequences)
                {
                    if (_inFlight.Remove(sequence, out var entry))
                    {
                        RecordAck(entry);
                    }
                }

                break;
            case Rejected { Reason: not BatchRejectReason.OutOfWindow } rejected
                when _inFlight.TryGetValue(rejected.Sequence, out var entry) && entry.State == OutboxState.Sent:
                // Out-of-window batches wait for the ack timeout: resending at once would only be refused again.
                Transmit(entry, _producer.Time.GetTimestamp());
                break;
            case SendDone done when _inFlight.TryGetValue(done.Entry.Batch.Sequence, out var entry) && entry == done.Entry:
                OnSendDone(entry, done.Accepted, done.Error is null);
                break;
            case Tick:
                // The timer is disarmed once it fires; the pump arms it again for the next deadline.
                _timerDueAt = long.MaxValue;
                break;
            case Flush flush:
                if (_writer.Count > 0)
                {
                    Seal();
                }

                _drainWaiters.Add((_nextSequence - 1, flush.Drained));
                break;
        }
    }

    private void AppendEvent(Append append)
    {
        if (_writer.Count > 0 && _writer.Length + EventWriter.PackedSize(append.Key.Length, append.Payload.Length, append.Meta) > _producer.Options.MaxBatchBytes)
        {
            Seal();
        }

        if (_writer.Count == 0)
        {
            _openedAt = append.At;
        }

        _writer.Append(append.Key, append.Payload, append.Meta);
        if (_writer.Count >= _producer.Options.MaxBatchEvents || _writer.Length >= _producer.Options.MaxBatchBytes || _producer.Options.Linger == TimeSpan.Zero)
        {
            Seal();
        }

        _roomWaiters.Add(append.Appended);
    }

    private void OnSendDone(OutboxEntry entry, bool accepted, bool sent)
    {
        var now = _producer.Time.GetTimestamp();
        if (accepted)
        {
            entry.State = OutboxState.Sent;
            entry.DueAt = now + Ticks(_producer.Options.AckTimeout);
            return;
        }

        if (sent)
        {
            // The queue is full: back-pressure, not a failed attempt.
            entry.Attempts--;
        }

        // Otherwise a silo or its queue is gone: the batch stays in the outbox and is sent again after a back-off.
        entry.State = OutboxState.BackingOff;
        entry.DueAt = now + Ticks(entry.Backoff);
        entry.Backoff = entry.Backoff * 2 < MaxSendBackoff ? entry.Backoff * 2 : MaxSendBackoff;
    }
}
