namespace RealtimeGrains.Scheduling;

/// <summary>A task spec is malformed: payload over the limit, negative or NaN cost, MaxAttempts or timeout out of range.</summary>
[GenerateSerializer, Alias("rtg.invalid-task-exception")]
public sealed class InvalidTaskException(string message) : RequestRejectedException(message);
