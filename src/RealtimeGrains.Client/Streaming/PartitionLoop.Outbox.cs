using RealtimeGrains.Client.Telemetry;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>The loop's outbox: sealing, the window, sends and resends, and the one timer for linger and timeouts.</summary>
internal sealed partial class PartitionLoop
{
    /// <summary>Runs after every batch of commands: sends what is due, fills the window, wakes waiters and sets the timer.</summary>
    private void Pump(long now)
    {
        _due.Clear();
        _due.AddRange(_inFlight.Values.Where(e => e.State is OutboxState.Sent or OutboxState.BackingOff && e.DueAt <= now));
        foreach (var entry in _due)
        {
            Transmit(entry, now);
        }

        if (_writer.Count > 0 && _waiting.Count == 0 && HasSlot && now - _openedAt >= Ticks(_producer.Options.Linger))
        {
            Seal();
        }

        while (HasSlot && _waiting.TryDequeue(out var next))
        {
            _inFlight[next.Batch.Sequence] = next;
            Transmit(next, now);
        }

        Volatile.Write(ref _outboxCount, _inFlight.Count + _waiting.Count);
        if (_waiting.Count == 0)
        {
            _roomWaiters.ForEach(w => w.TrySetResult());
            _roomWaiters.Clear();
        }

        var lowest = LowestUnacknowledged(long.MaxValue);
        _drainWaiters.RemoveAll(w => w.UpTo < lowest && w.Done.TrySetResult());
        SetTimer(now);
    }

    private bool HasSlot => _inFlight.Count < _producer.Options.MaxInFlightPerPartition;

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
            ReplyTo = _producer.Transport.ReplyTo,
            Crc = BatchCodec.ComputeCrc(_stream, _producer.ProducerId, sequence, acknowledgedUpTo, _partition, _writer.Count, events, _replyToId),
        };
        _writer.Reset();
        _waiting.Enqueue(new OutboxEntry(batch, _openedAt));
        _producer.Counters.Sealed();
        ProducerMetrics.BatchesSent.Add(1, new KeyValuePair<string, object?>("stream", _stream));
    }

    private void Transmit(OutboxEntry entry, long now)
    {
        if (++entry.Attempts > _producer.Options.MaxAttempts)
        {
            _inFlight.Remove(entry.Batch.Sequence);
            _producer.Fail($"batch {entry.Batch.Sequence} of stream '{_stream}' partition {_partition} " +
                $"({entry.Batch.Count} events) was not acknowledged after {_producer.Options.MaxAttempts} sends");
            return;
        }

        if (entry.Attempts > 1)
        {
            _producer.Counters.Resent();
            ProducerMetrics.BatchesResent.Add(1, new KeyValuePair<string, object?>("stream", _stream));
        }

        entry.State = OutboxState.Sending;
        entry.DueAt = long.MaxValue;
        _ = SendAsync(entry, MaybeCorrupt(entry.Batch));
    }

    private async Task SendAsync(OutboxEntry entry, StreamBatch batch)
    {
        try
        {
            Post(new SendDone(entry, await _producer.Transport.SendAsync(batch).ConfigureAwait(false), null));
        }
        catch (Exception ex)
        {
            Post(new SendDone(entry, false, ex));
        }
    }

    private StreamBatch MaybeCorrupt(StreamBatch batch)
    {
        if (_producer.Options.CorruptFraction <= 0 || Random.Shared.NextDouble() >= _producer.Options.CorruptFraction)
        {
            return batch;
        }

        _producer.Counters.Corrupted();
        var events = (byte[])batch.Events.Clone();
        events[Random.Shared.Next(events.Length)] ^= (byte)(1 << Random.Shared.Next(8));
        return batch with { Events = events };
    }

    private void RecordAck(OutboxEntry entry)
    {
        _producer.Counters.Acked(entry.Batch.Count);
        var latency = _producer.Time.GetElapsedTime(entry.OpenedAt);
        _producer.AckLatency.Record(latency);
        ProducerMetrics.AckLatency.Record(latency.TotalMilliseconds, new KeyValuePair<string, object?>("stream", _stream));
    }

    private long LowestUnacknowledged(long none) =>
        _inFlight.Count > 0 ? _inFlight.First().Key : _waiting.TryPeek(out var oldest) ? oldest.Batch.Sequence : none;

    /// <summary>Arms the timer for the next linger or ack/back-off deadline; a tick that finds nothing due re-arms it.</summary>
    private void SetTimer(long now)
    {
        var dueAt = _writer.Count > 0 && _waiting.Count == 0 && HasSlot ? _openedAt + Ticks(_producer.Options.Linger) : long.MaxValue;
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

    private abstract record Command;

    private sealed record Append(byte[] Key, byte[] Payload, EventMeta Meta, long At, TaskCompletionSource Appended) : Command;

    private sealed record Acked(long[] Sequences) : Command;

    private sealed record Rejected(long Sequence, BatchRejectReason Reason) : Command;

    private sealed record SendDone(OutboxEntry Entry, bool Accepted, Exception? Error) : Command;

    private sealed record Flush(TaskCompletionSource Drained) : Command;

    private sealed record Tick : Command;
}
