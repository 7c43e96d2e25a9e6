namespace RealtimeGrains.Streaming;

/// <summary>The Orleans stream provider that carries batches; silos and clients configure it identically.</summary>
public static class EventStreamProvider
{
    /// <summary>Provider name.</summary>
    public const string Name = "rtg";

    /// <summary>Memory stream queues (queue grains); producer and pulling agents must agree on it.</summary>
    public const int QueueCount = 8;
}
