using System.Collections.Concurrent;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// One partition of one stream on the producer side: the open batch, the outbox of sealed batches
/// until acknowledged, and the in-flight window that turns a slow partition into back-pressure.
/// </summary>
internal sealed class PartitionChannel(StreamProducer producer, StreamDefinition stream, int partition, Func<StreamBatch, Task> target, ProducerOptions options)
    : IDisposable
{
    private readonly Lock _gate = new();
    private readonly EventWriter _writer = new();
    private readonly SemaphoreSlim _window = new(options.MaxInFlightPerPartition, options.MaxInFlightPerPartition);
    private readonly ConcurrentDictionary<long, OutboxEntry> _outbox = new();
    private readonly List<(long UpTo, TaskCompletionSource Done)> _drainWaiters = [];
    private long _openedAt;
    private long _nextSequence = 1;

    public int Partition => partition;

    public int InFlight => _outbox.Count;

    /// <summary>Appends one event; returns up to two batches sealed by it, already in the outbox, to send.</summary>
    public (OutboxEntry? First, OutboxEntry? Second) Append(ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload, EventMeta meta, long now)
    {
        lock (_gate)
        {
            OutboxEntry? first = null;
            if (_writer.Count > 0 && _writer.Length + EventWriter.PackedSize(key.Length, payload.Length, meta) > options.MaxBatchBytes)
            {
                first = SealLocked();
            }

            if (_writer.Count == 0)
            {
                _openedAt = now;
            }

            _writer.Append(key, payload, meta);
            var full = _writer.Count >= options.MaxBatchEvents || _writer.Length >= options.MaxBatchBytes || options.Linger == TimeSpan.Zero;
            return (first, full ? SealLocked() : null);
        }
    }

    /// <summary>Seals the open batch if its first event waited out the linger (and the window has room), or when forced.</summary>
    public OutboxEntry? SealIfDue(long now, long lingerTicks, bool force)
    {
        lock (_gate)
        {
            var due = force || (now - _openedAt >= lingerTicks && _window.CurrentCount > 0);
            return _writer.Count > 0 && due ? SealLocked() : null;
        }
    }

    /// <summary>
    /// Waits for a window slot (back-pressure), then sends a newly sealed batch. A sealed batch belongs to the
    /// producer: when the caller stops waiting (cancellation), the batch is still sent once a slot frees, so it
    /// neither sits in the outbox for ever nor holds up the partition's later batches.
    /// </summary>
    public async Task SendNewAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _ = SendWhenSlotFreeAsync(entry);
            throw;
        }

        await producer.TransmitAsync(target, entry).ConfigureAwait(false);
    }

    private async Task SendWhenSlotFreeAsync(OutboxEntry entry)
    {
        try
        {
            await _window.WaitAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The producer was disposed meanwhile; unacknowledged batches are reported by its disposal.
            return;
        }

        await producer.TransmitAsync(target, entry).ConfigureAwait(false);
    }

    /// <summary>Sends again every batch whose acknowledgement is overdue.</summary>
    public void ResendOverdue(long now, long timeoutTicks)
    {
        foreach (var entry in _outbox.Values)
        {
            if (now - entry.SentAt > timeoutTicks && Interlocked.CompareExchange(ref entry.Sending, 1, 0) == 0)
            {
                _ = producer.TransmitAsync(target, entry);
            }
        }
    }

    public void OnAcked(long[] sequences)
    {
        foreach (var sequence in sequences)
        {
            if (_outbox.TryRemove(sequence, out var entry))
            {
                _window.Release();
                producer.RecordAck(entry);
            }
        }

        CompleteDrainWaiters(null);
    }

    public void OnRejected(long sequence, BatchRejectReason reason)
    {
        // Out-of-window batches wait for the ack timeout: resending at once would only be refused again.
        if (reason != BatchRejectReason.OutOfWindow && _outbox.TryGetValue(sequence, out var entry)
            && Interlocked.CompareExchange(ref entry.Sending, 1, 0) == 0)
        {
            _ = producer.TransmitAsync(target, entry);
        }
    }

    /// <summary>Gives up on a batch past its retry limit: releases its slot so the producer can report the failure.</summary>
    public void Abandon(OutboxEntry entry)
    {
        if (_outbox.TryRemove(entry.Batch.Sequence, out _))
        {
            _window.Release();
        }
    }

    /// <summary>Completes when every batch sealed so far is acknowledged.</summary>
    public Task WhenDrainedAsync()
    {
        lock (_gate)
        {
            var upTo = _nextSequence - 1;
            if (_outbox.Keys.All(k => k > upTo))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _drainWaiters.Add((upTo, done));
            return done.Task;
        }
    }

    public void CompleteDrainWaiters(Exception? failure)
    {
        lock (_gate)
        {
            if (_drainWaiters.Count == 0)
            {
                return;
            }

            var lowest = LowestUnacknowledged(long.MaxValue);
            _drainWaiters.RemoveAll(w =>
            {
                if (failure is not null)
                {
                    return w.Done.TrySetException(failure);
                }

                return w.UpTo < lowest && w.Done.TrySetResult();
            });
        }
    }

    private OutboxEntry SealLocked()
    {
        var sequence = _nextSequence;
        // Everything below the oldest unacknowledged batch is acknowledged (the outbox holds at most the window).
        var acknowledgedUpTo = LowestUnacknowledged(sequence) - 1;
        var batch = producer.Seal(stream.Name, partition, sequence, acknowledgedUpTo, _writer.Count, _writer.ToArray());
        // The sequence and the events are given up only once the batch is in the outbox: a seal that throws
        // leaves them in the open batch instead of losing them behind a sequence no one will ever send.
        var entry = new OutboxEntry(batch, _openedAt) { Sending = 1, SentAt = long.MaxValue };
        _outbox[sequence] = entry;
        _nextSequence++;
        _writer.Reset();
        return entry;
    }

    /// <summary>
    /// The lowest sequence still in the outbox, or <paramref name="none"/> when it is empty. Acknowledgements
    /// remove entries on their own threads, without the gate: one snapshot of the keys, never "not empty, then
    /// the minimum", which throws when the last entry is acknowledged in between.
    /// </summary>
    private long LowestUnacknowledged(long none)
    {
        var lowest = none;
        foreach (var sequence in _outbox.Keys)
        {
            lowest = Math.Min(lowest, sequence);
        }

        return lowest;
    }

    public void Dispose() => _window.Dispose();
}
