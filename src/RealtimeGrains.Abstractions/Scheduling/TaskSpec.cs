namespace RealtimeGrains.Scheduling;

/// <summary>What a client submits to a queue: which handler runs, with what input, and how.</summary>
[GenerateSerializer, Immutable, Alias("rtg.task-spec")]
public sealed record TaskSpec
{
    /// <summary>Name of a handler registered on the silos (built-ins: <c>sleep</c>, <c>spin</c>, <c>echo</c>, <c>crc32</c>).</summary>
    [Id(0)] public required string Handler { get; init; }

    /// <summary>Input of the handler; at most <c>RealtimeGrains:Scheduler:MaxPayloadBytes</c> bytes.</summary>
    [Id(1)] public byte[] Payload { get; init; } = [];

    /// <summary>Larger is more urgent (used by the <c>priority</c> policy).</summary>
    [Id(2)] public int Priority { get; init; }

    /// <summary>Expected run time in milliseconds (finite, &gt;= 0); null lets <c>sjf</c> use the handler's learned estimate.</summary>
    [Id(3)] public double? EstimatedCostMs { get; init; }

    /// <summary>How many times the task may run before it is failed (&gt;= 1).</summary>
    [Id(4)] public int MaxAttempts { get; init; } = 3;

    /// <summary>Time limit of one attempt in milliseconds (&gt;= 1); a slower attempt fails.</summary>
    [Id(5)] public int TimeoutMs { get; init; } = 30_000;

    /// <summary>
    /// Idempotency key (1-200 characters): a submit whose key the queue accepted recently (its last
    /// <c>RealtimeGrains:Scheduler:RequestIdWindow</c> keys) returns that task's id and accepts nothing.
    /// <c>TaskClient</c> sets one when this is null, so a call it retries cannot accept twice; set your own
    /// to make your application's retries idempotent too.
    /// </summary>
    [Id(6)] public string? RequestId { get; init; }
}
