using Polly;
using RealtimeGrains.Client.Resilience;
using RealtimeGrains.Client.Telemetry;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>The loop's batching and outbox: taking events, sealing, the window, sends, and the one timer for linger and ack timeouts.</summary>
internal sealed partial class PartitionLoop
{
    private readonly EventWriter _writer = new();
    private readonly Queue<OutboxEntry> _waiting = new();
    private readonly SortedDictionary<long, OutboxEntry> _inFlight = [];
    private readonly List<OutboxEntry> _due = [];
    private readonly List<(long UpTo, TaskCompletionSource Done)> _drainWaiters = [];
    private TaskCompletionSource? _roomWaiter;
    private long _openedAt;
    private bool _blocked;
    private long _nextSequence = 1;
    private long _timerDueAt = long.MaxValue;
    private int _outboxCount;
    private int _sentCount;

    /// <summary>Runs after every round of commands: resends what is due, batches pending events, fills the window, wakes waiters, sets the timer.</summary>
    private void Pump(long now)
    {
        _due.Clear();
        _due.AddRange(_inFlight.Values.Where(e => e.DueAt <= now));
        _due.ForEach(Transmit);
        if (_batchPending || _blocked || LingerDueAt() <= now)
        {
            _batchPending = false;
            TakeEvents(all: false);
        }

        if (_writer.Count > 0 && !Booked && (WriterFull || LingerDueAt() <= now))
        {
            Seal();
        }

        while (_inFlight.Count < _producer.Options.MaxInFlightPerPartition && _waiting.TryDequeue(out var next))
        {
            _inFlight[next.Batch.Sequence] = next;
            Transmit(next);
        }

        // Publishers wait while a sealed batch waits for a slot, or a full open batch for one to seal into.
        SetRoom(_waiting.Count == 0 && !(Booked && (WriterFull || _blocked)));
        Volatile.Write(ref _outboxCount, _inFlight.Count + _waiting.Count);
        Volatile.Write(ref _sentCount, _inFlight.Count);
        var lowest = LowestUnacknowledged(long.MaxValue);
        _drainWaiters.RemoveAll(w => w.UpTo < lowest && w.Done.TrySetResult());
        SetTimer(now);
    }

    /// <summary>Every slot of the window is taken or promised to a sealed batch: sealing another would only make it wait.</summary>
    private bool Booked => _inFlight.Count + _waiting.Count >= _producer.Options.MaxInFlightPerPartition;

    private bool WriterFull => _writer.Count >= _producer.Options.MaxBatchEvents || _writer.Length >= _producer.Options.MaxBatchBytes || _producer.Options.Linger == TimeSpan.Zero;

    /// <summary>
    /// Moves pending events into the open batch, sealing each full one while the window has a slot for it (always when
    /// <paramref name="all"/>: a flush); an event that does not fit a batch that cannot be sealed stays pending.
    /// </summary>
    private void TakeEvents(bool all)
    {
        // Only events already counted: a publisher writes its event before counting it, so the count never goes below zero.
        var pending = Volatile.Read(ref _pending);
        var taken = 0;
        _blocked = false;
        while (taken < pending && _events.Reader.TryPeek(out var next))
        {
            if (_writer.Count > 0 && (WriterFull || _writer.Length + EventWriter.PackedSize(next.KeyLength, next.Bytes.Length - next.KeyLength, next.Meta) > _producer.Options.MaxBatchBytes))
            {
                if (Booked && !all)
                {
                    _blocked = true;
                    break;
                }

                Seal();
            }

            _events.Reader.TryRead(out _);
            taken++;
            if (_writer.Count == 0)
            {
                _openedAt = next.At;
            }

            _writer.Append(next.Bytes.AsSpan(0, next.KeyLength), next.Bytes.AsSpan(next.KeyLength), next.Meta);
        }

        Interlocked.Add(ref _pending, -taken);
    }

    /// <summary>When the open batch (or, with none open, the oldest pending event) has waited out the linger.</summary>
    private long LingerDueAt()
    {
        var openedAt = _writer.Count > 0 ? _openedAt : _events.Reader.TryPeek(out var oldest) ? oldest.At : long.MaxValue;
        return openedAt == long.MaxValue ? long.MaxValue : openedAt + Ticks(_producer.Options.Linger);
    }

    private void Seal()
    {
        var sequence = _nextSequence++;
        // Everything below the oldest unacknowledged batch is acknowledged (the outbox holds at most the window).
        var acknowledgedUpTo = LowestUnacknowledged(sequence) - 1;
        var events = _writer.ToArray();
        var batch = new StreamBatch
        {
            Stream = _stream,
            ProducerId = _producer.ProducerId,
            Sequence = sequence,
            AcknowledgedUpTo = acknowledgedUpTo,
            Partition = _partition,
            Count = _writer.Count,
            Events = events,
            Crc = BatchCodec.ComputeCrc(_stream, _producer.ProducerId, sequence, acknowledgedUpTo, _partition, _writer.Count, events, replyTo: ""),
        };
        _writer.Reset();
        _waiting.Enqueue(new OutboxEntry(batch, _openedAt));
        _producer.Counters.Sealed();
        ProducerMetrics.BatchesSent.Add(1, new KeyValuePair<string, object?>("stream", _stream));
    }

    private void SetRoom(bool room)
    {
        if (room && _roomWaiter is { } waiter)
        {
            _roomWaiter = null;
            _room = Task.CompletedTask;
            waiter.TrySetResult();
        }
        else if (!room && _roomWaiter is null)
        {
            _roomWaiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _room = _roomWaiter.Task;
        }
    }

    private void Transmit(OutboxEntry entry)
    {
        if (entry.Attempts >= _producer.Options.MaxAttempts)
        {
            _inFlight.Remove(entry.Batch.Sequence);
            _producer.Fail($"batch {entry.Batch.Sequence} of stream '{_stream}' partition {_partition} " +
                $"({entry.Batch.Count} events) was not acknowledged after {_producer.Options.MaxAttempts} sends");
            return;
        }

        entry.DueAt = long.MaxValue;
        _ = SendAsync(entry, new BatchSendAttempts(entry.Attempts, _producer.Options.MaxAttempts));
    }

    /// <summary>Sends a batch through the send pipeline, off the loop; its outcome comes back as a command.</summary>
    private async Task SendAsync(OutboxEntry entry, BatchSendAttempts attempts)
    {
        var context = ResilienceContextPool.Shared.Get(_stopping.Token);
        context.Properties.Set(RetryPipelines.SendAttempts, attempts);
        BatchRejection? refusal = null;
        Exception? error = null;
        try
        {
            refusal = await _producer.SendPipeline.ExecuteAsync(static (ctx, state) => state.Loop.SendOnceAsync(state.Entry, state.Attempts, ctx.CancellationToken), context, (Loop: this, Entry: entry, Attempts: attempts))
                .ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        Post(new SendDone(entry, attempts.Made, refusal, error));
    }

    /// <summary>
    /// One send, which ends after <see cref="ProducerOptions.AckTimeout"/> without an answer (or when the transport ends it:
    /// a lost gateway) as a <see cref="TimeoutException"/>, a silo loss the pipeline sends again at once.
    /// </summary>
    private async ValueTask<BatchRejection?> SendOnceAsync(OutboxEntry entry, BatchSendAttempts attempts, CancellationToken stopping)
    {
        if (attempts.Start())
        {
            _producer.Counters.Resent();
            ProducerMetrics.BatchesResent.Add(1, new KeyValuePair<string, object?>("stream", _stream));
        }

        using var timeout = new CancellationTokenSource(_producer.Options.AckTimeout, _producer.Time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        try
        {
            return await _producer.Transport.SendAsync(entry.Batch, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!stopping.IsCancellationRequested)
        {
            throw new TimeoutException(timeout.IsCancellationRequested
                ? $"batch {entry.Batch.Sequence} of stream '{_stream}' partition {_partition}: no answer within the ack timeout"
                : $"batch {entry.Batch.Sequence} of stream '{_stream}' partition {_partition}: its gateway was lost", ex);
        }
    }

    private void OnSendDone(OutboxEntry entry, int sends, BatchRejection? refusal, Exception? error)
    {
        entry.Attempts += sends;
        if (refusal is not null)
        {
            _producer.Counters.Rejected();
        }

        // A refused batch goes again at once, but one out of the partition's window waits for the ack timeout: at once it
        // would only be refused again. A send that failed with attempts left (not a silo loss) may have arrived or not: the
        // ack timeout resends it. A silo loss comes back only once the pipeline ran out of attempts: due at once, the producer fails.
        var now = _producer.Time.GetTimestamp();
        var atOnce = refusal is { Reason: not BatchRejectReason.OutOfWindow } || (error is not null && SiloLoss.Is(error));
        entry.DueAt = atOnce ? now : now + Ticks(_producer.Options.AckTimeout);
    }

    private long LowestUnacknowledged(long none) =>
        _inFlight.Count > 0 ? _inFlight.First().Key : _waiting.TryPeek(out var oldest) ? oldest.Batch.Sequence : none;

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _producer.Time.TimestampFrequency);

    /// <summary>Arms the timer for the next linger or ack deadline; a tick that finds nothing due re-arms it.</summary>
    private void SetTimer(long now)
    {
        var dueAt = Booked ? long.MaxValue : LingerDueAt();
        foreach (var entry in _inFlight.Values)
        {
            dueAt = Math.Min(dueAt, entry.DueAt);
        }

        if (dueAt == _timerDueAt && dueAt > now)
        {
            return;
        }

        _timerDueAt = dueAt;
        _timer.Change(dueAt == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Math.Max(0, dueAt - now) / (double)_producer.Time.TimestampFrequency), Timeout.InfiniteTimeSpan);
    }
}
