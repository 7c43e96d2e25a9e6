using RealtimeGrains.Client.Telemetry;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>The producer's transport half: sealing, sending, acknowledgements, retries and the linger/timeout loop.</summary>
public sealed partial class StreamProducer
{
    private static readonly TimeSpan MaxSendBackoff = TimeSpan.FromSeconds(2);

    internal StreamBatch Seal(string stream, int partition, long sequence, long acknowledgedUpTo, int count, byte[] events)
    {
        _counters.Sealed();
        ProducerMetrics.BatchesSent.Add(1, new KeyValuePair<string, object?>("stream", stream));
        return new StreamBatch
        {
            Stream = stream,
            ProducerId = ProducerId,
            Sequence = sequence,
            AcknowledgedUpTo = acknowledgedUpTo,
            Partition = partition,
            Count = count,
            Events = events,
            ReplyTo = _replyTo,
            Crc = BatchCodec.ComputeCrc(stream, ProducerId, sequence, acknowledgedUpTo, partition, count, events, _replyToId),
        };
    }

    /// <summary>Sends one batch; the caller holds <see cref="OutboxEntry.Sending"/>. Failed sends back off and retry up to the limit.</summary>
    internal async Task TransmitAsync(Func<StreamBatch, Task> target, OutboxEntry entry)
    {
        var backoff = TimeSpan.FromMilliseconds(10);
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                if (++entry.Attempts > _options.MaxAttempts)
                {
                    Fail(entry, $"batch {entry.Batch.Sequence} of stream '{entry.Batch.Stream}' partition {entry.Batch.Partition} " +
                        $"({entry.Batch.Count} events) was not acknowledged after {_options.MaxAttempts} sends");
                    return;
                }

                if (entry.Attempts > 1)
                {
                    _counters.Resent();
                    ProducerMetrics.BatchesResent.Add(1, new KeyValuePair<string, object?>("stream", entry.Batch.Stream));
                }

                entry.SentAt = _time.GetTimestamp();
                try
                {
                    await target(MaybeCorrupt(entry.Batch)).ConfigureAwait(false);
                    return;
                }
                catch (InvalidOperationException) when (!_stopping.IsCancellationRequested)
                {
                    // The memory stream queue is full: back-pressure, not a failed attempt.
                    entry.Attempts--;
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException && !_stopping.IsCancellationRequested)
                {
                    // A silo or its queue is gone; the batch stays in the outbox and is sent again.
                }

                await Task.Delay(backoff, _time, _stopping.Token).ConfigureAwait(false);
                backoff = backoff * 2 < MaxSendBackoff ? backoff * 2 : MaxSendBackoff;
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        finally
        {
            entry.SentAt = _time.GetTimestamp();
            Volatile.Write(ref entry.Sending, 0);
        }
    }

    internal void RecordAck(OutboxEntry entry)
    {
        _counters.Acked(entry.Batch.Count);
        var latency = _time.GetElapsedTime(entry.OpenedAt);
        AckLatency.Record(latency);
        ProducerMetrics.AckLatency.Record(latency.TotalMilliseconds, new KeyValuePair<string, object?>("stream", entry.Batch.Stream));
    }

    internal void OnAcked(BatchAck ack)
    {
        if (ack.ProducerId == ProducerId && Channel(ack.Stream, ack.Partition) is { } channel)
        {
            channel.OnAcked(ack.Sequences);
        }
    }

    internal void OnRejected(BatchRejection rejection)
    {
        if (rejection.ProducerId == ProducerId && Channel(rejection.Stream, rejection.Partition) is { } channel)
        {
            _counters.Rejected();
            channel.OnRejected(rejection.Sequence, rejection.Reason);
        }
    }

    private StreamBatch MaybeCorrupt(StreamBatch batch)
    {
        if (_options.CorruptFraction <= 0 || Random.Shared.NextDouble() >= _options.CorruptFraction)
        {
            return batch;
        }

        _counters.Corrupted();
        var events = (byte[])batch.Events.Clone();
        events[Random.Shared.Next(events.Length)] ^= (byte)(1 << Random.Shared.Next(8));
        return batch with { Events = events };
    }

    private void Fail(OutboxEntry entry, string message)
    {
        _failure ??= new PublishFailedException(message + "; the producer stopped accepting events");
        Channel(entry.Batch.Stream, entry.Batch.Partition)?.Abandon(entry);
        foreach (var channel in OpenChannels())
        {
            channel.CompleteDrainWaiters(_failure);
        }
    }

    private async Task BackgroundAsync()
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, _options.Linger.Ticks / 4));
        var lingerTicks = (long)(_options.Linger.TotalSeconds * _time.TimestampFrequency);
        var timeoutTicks = (long)(_options.AckTimeout.TotalSeconds * _time.TimestampFrequency);
        var lastScan = _time.GetTimestamp();
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                var now = _time.GetTimestamp();
                foreach (var channel in OpenChannels())
                {
                    if (channel.SealIfDue(now, lingerTicks, force: false) is { } entry)
                    {
                        _ = SendSafelyAsync(channel, entry);
                    }
                }

                if (now - lastScan > timeoutTicks / 4)
                {
                    lastScan = now;
                    foreach (var channel in OpenChannels())
                    {
                        channel.ResendOverdue(now, timeoutTicks);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Without this loop nothing lingers out or is resent: fail loudly rather than let a flush wait for ever.
            _failure ??= new PublishFailedException($"the producer's background loop failed ({ex.GetType().Name}: {ex.Message}); the producer stopped accepting events", ex);
            foreach (var channel in OpenChannels())
            {
                channel.CompleteDrainWaiters(_failure);
            }
        }
    }

    private async Task SendSafelyAsync(PartitionChannel channel, OutboxEntry entry)
    {
        try
        {
            await channel.SendNewAsync(entry, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private Task<StreamChannels> ChannelsAsync(string stream)
    {
        var channels = _channels.GetOrAdd(stream, CreateChannelsAsync);
        if (channels.IsFaulted)
        {
            _channels.TryRemove(new KeyValuePair<string, Task<StreamChannels>>(stream, channels));
        }

        return channels;
    }

    private async Task<StreamChannels> CreateChannelsAsync(string stream)
    {
        var route = await _directory.GetAsync(stream).ConfigureAwait(false);
        var ingress = _client.GetGrain<IStreamIngressGrain>(0);
        var partitions = Enumerable.Range(0, route.Definition.Partitions)
            .Select(p => new PartitionChannel(this, route.Definition, p, ingress.Publish, _options))
            .ToArray();
        return new StreamChannels(route, partitions);
    }

    private PartitionChannel? Channel(string stream, int partition) =>
        _channels.TryGetValue(stream, out var task) && task.IsCompletedSuccessfully && (uint)partition < (uint)task.Result.Partitions.Length
            ? task.Result.Partitions[partition]
            : null;

    private IEnumerable<PartitionChannel> OpenChannels() =>
        _channels.Values.Where(t => t.IsCompletedSuccessfully).SelectMany(t => t.Result.Partitions);

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new PublishFailedException(failure.Message, failure);
        }
    }

    private void ThrowIfFailedOrDisposed()
    {
        ThrowIfFailed();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
    }
}
