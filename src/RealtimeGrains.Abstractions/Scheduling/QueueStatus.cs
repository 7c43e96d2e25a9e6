namespace RealtimeGrains.Scheduling;

/// <summary>A queue's settings and counters at one moment.</summary>
[GenerateSerializer, Immutable, Alias("rtg.queue-status")]
public sealed record QueueStatus
{
    [Id(0)] public required string Queue { get; init; }

    [Id(1)] public required QueueSettings Settings { get; init; }

    /// <summary>Waiting for a slot, including tasks waiting out a retry backoff.</summary>
    [Id(2)] public int Pending { get; init; }

    [Id(3)] public int Running { get; init; }

    [Id(4)] public long Completed { get; init; }

    [Id(5)] public long Failed { get; init; }

    /// <summary>How long the oldest pending task has waited, in milliseconds; 0 when none is pending.</summary>
    [Id(6)] public double OldestPendingWaitMs { get; init; }

    /// <summary>Learned run time per handler in milliseconds (what <c>sjf</c> uses when no cost is given).</summary>
    [Id(7)] public IReadOnlyDictionary<string, double> SjfEstimatesMs { get; init; } = new Dictionary<string, double>();

    /// <summary>Estimate used for a handler that has never run, in milliseconds.</summary>
    [Id(8)] public double SjfPriorMs { get; init; }

    /// <summary>Attempts that failed and were scheduled again.</summary>
    [Id(9)] public long Retried { get; init; }
}
