namespace RealtimeGrains.Scheduling;

/// <summary>A queue holds its maximum number of pending tasks; retry later (back-pressure, nothing was accepted).</summary>
[GenerateSerializer, Alias("rtg.queue-full-exception")]
public sealed class QueueFullException(string message) : RequestRejectedException(message);
