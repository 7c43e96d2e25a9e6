namespace RealtimeGrains.Scheduling;

/// <summary>A request id (idempotency key) and the task accepted for it.</summary>
[GenerateSerializer, Immutable, Alias("rtg.request-record")]
internal sealed record RequestRecord([property: Id(0)] string RequestId, [property: Id(1)] string TaskId);
