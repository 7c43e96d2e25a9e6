using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RealtimeGrains.Client.Telemetry;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// Publishes keyed events to declared streams: batches per partition, seals each batch with a CRC-32,
/// keeps it in an outbox until its partition grain acknowledges it after a checkpoint, and resends on
/// rejection or timeout. A full in-flight window makes <see cref="PublishAsync(string, string, ReadOnlyMemory{byte}, CancellationToken)"/>
/// wait; nothing is dropped silently. Payloads are raw bytes, or typed values in Orleans' binary serialization
/// (<see cref="PublishAsync{TEvent}(string, string, TEvent, DateTimeOffset?, CancellationToken)"/>). Thread-safe; dispose flushes.
/// </summary>
public sealed partial class StreamProducer : IAsyncDisposable
{
    private readonly IClusterClient _client;
    private readonly ProducerOptions _options;
    private readonly TimeProvider _time;
    private readonly StreamDirectory _directory;
    private readonly Serializer _serializer;
    private readonly ConcurrentDictionary<string, Task<StreamChannels>> _channels = new(StringComparer.Ordinal);
    private readonly AckObserver _observer;
    private readonly IBatchAckObserver _replyTo;
    private readonly string _replyToId;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _background;
    private readonly ProducerCounters _counters = new();
    private volatile PublishFailedException? _failure;
    private int _disposed;

    /// <summary>Creates a producer on a connected cluster client.</summary>
    public StreamProducer(IClusterClient client, ProducerOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new ProducerOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _directory = new StreamDirectory(client);
        _serializer = client.ServiceProvider.GetRequiredService<Serializer>();
        _observer = new AckObserver(this);
        _replyTo = client.CreateObjectReference<IBatchAckObserver>(_observer);
        _replyToId = BatchCodec.ReplyToId(_replyTo);
        _background = Task.Run(BackgroundAsync);
    }

    /// <summary>This producer's identity in batches (with the sequence, the dedup key).</summary>
    public Guid ProducerId { get; } = Guid.NewGuid();

    /// <summary>Latency from a batch's first event to its acknowledgement.</summary>
    public LatencyHistogram AckLatency { get; } = new();

    /// <summary>Counters since creation.</summary>
    public ProducerStatistics Statistics => _counters.Snapshot(OpenChannels().Sum(c => (long)c.InFlight));

    /// <summary>
    /// Publishes one event with a raw payload. Completes once the event is in a batch (waiting while the partition's
    /// window is full). Cancelling the wait does not withdraw the event: once in a batch, it is sent and acknowledged as usual.
    /// </summary>
    public ValueTask PublishAsync(string stream, string key, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        PublishCoreAsync(stream, key, payload, default, cancellationToken);

    /// <summary>Publishes one event with a raw payload and an event time (windows use it instead of the time the partition receives the event).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventTime"/> is before 1970.</exception>
    public ValueTask PublishAsync(string stream, string key, ReadOnlyMemory<byte> payload, DateTimeOffset? eventTime, CancellationToken cancellationToken = default) =>
        PublishCoreAsync(stream, key, payload, new EventMeta(EventTimeMs(eventTime)), cancellationToken);

    /// <summary>Publishes one event with a byte-array payload.</summary>
    public ValueTask PublishAsync(string stream, string key, byte[] payload, CancellationToken cancellationToken = default) =>
        PublishAsync(stream, key, (ReadOnlyMemory<byte>)payload, cancellationToken);

    /// <summary>Publishes one event with a byte-array payload and an event time.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventTime"/> is before 1970.</exception>
    public ValueTask PublishAsync(string stream, string key, byte[] payload, DateTimeOffset? eventTime, CancellationToken cancellationToken = default) =>
        PublishAsync(stream, key, (ReadOnlyMemory<byte>)payload, eventTime, cancellationToken);

    /// <summary>Publishes one event whose payload is <paramref name="text"/> in UTF-8.</summary>
    public ValueTask PublishAsync(string stream, string key, string text, CancellationToken cancellationToken = default) =>
        PublishAsync(stream, key, (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Publishes one event whose payload is <paramref name="text"/> in UTF-8, with an event time.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventTime"/> is before 1970.</exception>
    public ValueTask PublishAsync(string stream, string key, string text, DateTimeOffset? eventTime, CancellationToken cancellationToken = default) =>
        PublishAsync(stream, key, (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(text), eventTime, cancellationToken);

    /// <summary>Seals every open batch and completes when every event published so far is acknowledged.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        var all = OpenChannels().ToArray();
        var now = _time.GetTimestamp();
        foreach (var channel in all)
        {
            if (channel.SealIfDue(now, 0, force: true) is { } entry)
            {
                await channel.SendNewAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(all.Select(c => c.WhenDrainedAsync())).WaitAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfFailed();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (_failure is null)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _background.ConfigureAwait(false);
            _client.DeleteObjectReference<IBatchAckObserver>(_replyTo);
            foreach (var channel in OpenChannels())
            {
                channel.Dispose();
            }

            _stopping.Dispose();
        }
    }

    private async ValueTask PublishCoreAsync(string stream, string key, ReadOnlyMemory<byte> payload, EventMeta meta, CancellationToken cancellationToken)
    {
        ThrowIfFailedOrDisposed();
        ArgumentNullException.ThrowIfNull(stream);
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidEventException($"stream '{stream}': the key is empty; every event needs a key");
        }

        var channels = await ChannelsAsync(stream).ConfigureAwait(false);
        var (first, second) = Append(channels, key, payload.Span, meta);
        _counters.Published();
        if (first is not null)
        {
            try
            {
                await channels.Partitions[first.Batch.Partition].SendNewAsync(first, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (second is not null)
            {
                // The event is sealed in the second batch already: it goes out whether or not the caller waits.
                _ = channels.Partitions[second.Batch.Partition].SendNewAsync(second, CancellationToken.None);
                throw;
            }
        }

        if (second is not null)
        {
            await channels.Partitions[second.Batch.Partition].SendNewAsync(second, cancellationToken).ConfigureAwait(false);
        }
    }

    private (OutboxEntry?, OutboxEntry?) Append(StreamChannels channels, string key, ReadOnlySpan<byte> payload, EventMeta meta)
    {
        var definition = channels.Route.Definition;
        var keyBytes = Encoding.UTF8.GetByteCount(key);
        if (keyBytes > definition.MaxKeyBytes)
        {
            throw new InvalidEventException($"stream '{definition.Name}': key of {keyBytes} bytes is over the limit of {definition.MaxKeyBytes} bytes");
        }

        if (payload.Length > definition.MaxPayloadBytes)
        {
            throw new InvalidEventException($"stream '{definition.Name}': payload of {payload.Length} bytes is over the limit of {definition.MaxPayloadBytes} bytes");
        }

        Span<byte> utf8 = keyBytes <= 256 ? stackalloc byte[keyBytes] : new byte[keyBytes];
        Encoding.UTF8.GetBytes(key, utf8);
        var partition = channels.Route.Partitioner.Partition(utf8);
        return channels.Partitions[partition].Append(utf8, payload, meta, _time.GetTimestamp());
    }
}
