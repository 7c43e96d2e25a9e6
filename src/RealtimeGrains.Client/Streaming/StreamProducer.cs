using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RealtimeGrains.Client.Resilience;
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
    private readonly StreamDirectory _directory;
    private readonly Serializer _serializer;
    private readonly ConcurrentDictionary<string, Task<StreamChannels>> _channels = new(StringComparer.Ordinal);
    private readonly ProducerCounters _counters = new();
    /// <summary>Completed with the producer's failure, once it has failed (the first failure stands).</summary>
    private readonly TaskCompletionSource<PublishFailedException> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ProducerContext _context;
    private int _disposed;

    /// <summary>Creates a producer on a connected cluster client.</summary>
    public StreamProducer(IClusterClient client, ProducerOptions? options = null, TimeProvider? time = null)
        : this(client, options, time, corruptFraction: 0)
    {
    }

    /// <summary>A producer with fault injection (tests, <c>rtg load --corrupt-rate</c>, <c>rtg demo</c>): see <see cref="CorruptingTransport"/>.</summary>
    internal StreamProducer(IClusterClient client, ProducerOptions? options, TimeProvider? time, double corruptFraction)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new ProducerOptions();
        options.Validate();
        _directory = new StreamDirectory(client);
        _serializer = client.ServiceProvider.GetRequiredService<Serializer>();
        time ??= TimeProvider.System;
        IBatchTransport transport = new ClusterBatchTransport(client);
        transport = corruptFraction > 0 ? new CorruptingTransport(transport, corruptFraction, _counters) : transport;
        _context = new ProducerContext(ProducerId, options, time, transport, RetryPipelines.BatchSends(time), _counters, AckLatency, Fail);
    }

    /// <summary>This producer's identity in batches (with the sequence, the dedup key).</summary>
    public Guid ProducerId { get; } = Guid.NewGuid();

    /// <summary>Latency from a batch's first event to its acknowledgement.</summary>
    public LatencyHistogram AckLatency { get; } = new();

    /// <summary>Counters since creation.</summary>
    public ProducerStatistics Statistics => _counters.Snapshot(OpenChannels().Sum(c => (long)c.InFlight));

    /// <summary>Batches sent to one partition and not yet acknowledged (0 before the stream's first event); local, no call.</summary>
    internal int SentTo(string stream, int partition) => Channel(stream, partition)?.Sent ?? 0;

    /// <summary>
    /// Publishes one event with a raw payload. Completes once the event is handed to its partition (waiting while the
    /// partition's window is full). Cancelling the wait does not withdraw the event: it is sent and acknowledged as usual.
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
        var drained = Task.WhenAll(OpenChannels().Select(c => c.FlushAsync()));
        await Task.WhenAny(drained, _failed.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
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
            if (!_failed.Task.IsCompleted)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await Task.WhenAll(OpenChannels().Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
    }

    private async ValueTask PublishCoreAsync(string stream, string key, ReadOnlyMemory<byte> payload, EventMeta meta, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        ArgumentNullException.ThrowIfNull(stream);
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidEventException($"stream '{stream}': the key is empty; every event needs a key");
        }

        var channels = await ChannelsAsync(stream).ConfigureAwait(false);
        var appended = Append(channels, key, payload.Span, meta, cancellationToken);
        _counters.Published();
        await appended.ConfigureAwait(false);
    }

    private static ValueTask Append(StreamChannels channels, string key, ReadOnlySpan<byte> payload, EventMeta meta, CancellationToken cancellationToken)
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

        // Key and payload are copied into one array: the caller may reuse its buffer once this returns.
        var bytes = new byte[keyBytes + payload.Length];
        Encoding.UTF8.GetBytes(key, bytes);
        payload.CopyTo(bytes.AsSpan(keyBytes));
        var partition = channels.Route.Partitioner.Partition(bytes.AsSpan(0, keyBytes));
        return channels.Partitions[partition].AppendAsync(bytes, keyBytes, meta, cancellationToken);
    }
}
