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
