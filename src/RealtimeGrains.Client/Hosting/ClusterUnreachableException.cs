namespace RealtimeGrains.Client.Hosting;

/// <summary>No gateway of the cluster answered within the bounded connection retries.</summary>
public sealed class ClusterUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
