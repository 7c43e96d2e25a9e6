using System.Text.Json;
using Orleans.Serialization;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>The producer's typed publishing: values in Orleans' binary serialization or as JSON, and event times.</summary>
public sealed partial class StreamProducer
{
    /// <summary>
    /// Publishes one typed event: <paramref name="value"/> in Orleans' binary serialization (its type must be
    /// serializable by Orleans, e.g. <c>[GenerateSerializer]</c>). The value is written as <see cref="object"/>, so its
    /// type travels with it: the stream's processor gets it back as that type and the silo can render it as JSON.
    /// Raw payloads (<see cref="ReadOnlyMemory{T}"/> of bytes, <c>byte[]</c>, <c>string</c>) go to the raw overloads;
    /// other byte containers (<see cref="Memory{T}"/>, <see cref="ArraySegment{T}"/>) would be typed values.
    /// </summary>
    /// <exception cref="InvalidEventException">Orleans cannot serialize the value's type, or the event is too large.</exception>
    public ValueTask PublishAsync<TEvent>(string stream, string key, TEvent value, CancellationToken cancellationToken = default) =>
        PublishAsync(stream, key, value, eventTime: null, cancellationToken);

    /// <summary>
    /// Publishes one typed event (see <see cref="PublishAsync{TEvent}(string, string, TEvent, CancellationToken)"/>) with
    /// an event time, which windows use instead of the time the partition receives the event.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventTime"/> is before 1970.</exception>
    /// <exception cref="InvalidEventException">Orleans cannot serialize the value's type, or the event is too large.</exception>
    public ValueTask PublishAsync<TEvent>(string stream, string key, TEvent value, DateTimeOffset? eventTime, CancellationToken cancellationToken = default)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value), $"stream '{stream}': a typed event needs a value");
        }

        var meta = new EventMeta(EventTimeMs(eventTime), Typed: true);
        byte[] payload;
        try
        {
            payload = _serializer.SerializeToArray<object>(value);
        }
        catch (SerializerException ex)
        {
            throw new InvalidEventException(
                $"stream '{stream}': Orleans cannot serialize an event of type {value.GetType().FullName} (mark it [GenerateSerializer]): {ex.Message}", ex);
        }

        return PublishCoreAsync(stream, key, payload, meta, cancellationToken);
    }

    /// <summary>Publishes one event whose raw payload is <paramref name="value"/> as JSON in UTF-8 (a number for <c>sum</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventTime"/> is before 1970.</exception>
    public ValueTask PublishJsonAsync<T>(string stream, string key, T value, DateTimeOffset? eventTime = null, CancellationToken cancellationToken = default) =>
        PublishCoreAsync(stream, key, JsonSerializer.SerializeToUtf8Bytes(value), new EventMeta(EventTimeMs(eventTime)), cancellationToken);

    /// <summary>Unix milliseconds of an event time; the wire format holds no time before 1970.</summary>
    private static long? EventTimeMs(DateTimeOffset? eventTime)
    {
        if (eventTime is not { } time)
        {
            return null;
        }

        if (time < DateTimeOffset.UnixEpoch)
        {
            throw new ArgumentOutOfRangeException(nameof(eventTime), time, "an event time must be at or after 1970-01-01T00:00:00Z (events carry it as Unix milliseconds)");
        }

        return time.ToUnixTimeMilliseconds();
    }
}
