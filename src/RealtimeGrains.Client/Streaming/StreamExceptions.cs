namespace RealtimeGrains.Client.Streaming;

/// <summary>The stream is not declared on the cluster's silos.</summary>
public sealed class UnknownStreamException(string stream, IEnumerable<string> declared)
    : Exception($"stream '{stream}' is not declared on the cluster; declared: {(declared.Any() ? string.Join(", ", declared) : "none")}")
{
    public string Stream { get; } = stream;
}

/// <summary>An event the stream cannot take: empty or oversized key, oversized payload.</summary>
public sealed class InvalidEventException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Batches could not be delivered within the retry limit; the events they hold were not acknowledged.</summary>
public sealed class PublishFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A subscription to a stream that retains no outputs (its <c>Retain</c> is 0), so there is nothing to follow.</summary>
public sealed class StreamNotRetainedException(string stream, Exception? inner = null)
    : ArgumentException(inner?.Message ?? $"stream '{stream}' retains no outputs (its Retain is 0), so it cannot be subscribed to", inner)
{
    public string Stream { get; } = stream;
}
