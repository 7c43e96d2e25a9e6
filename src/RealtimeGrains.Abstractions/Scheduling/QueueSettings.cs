namespace RealtimeGrains.Scheduling;

/// <summary>How a queue schedules: policy, cluster-wide concurrency, maximum length, pause.</summary>
[GenerateSerializer, Immutable, Alias("rtg.queue-settings")]
public sealed record QueueSettings
{
    /// <summary><c>fcfs</c>, <c>sjf</c> or <c>priority</c>.</summary>
    [Id(0)] public required string Policy { get; init; }

    /// <summary>Most tasks running at once, across the whole cluster (&gt;= 1).</summary>
    [Id(1)] public required int Concurrency { get; init; }

    /// <summary>Most tasks pending at once; a submit beyond it gets a <see cref="QueueFullException"/>.</summary>
    [Id(2)] public required int MaxLength { get; init; }

    /// <summary>A paused queue accepts tasks but starts none.</summary>
    [Id(3)] public bool Paused { get; init; }

    /// <summary>Priority points a waiting task gains per second under <c>priority</c>; 0 = strict priority.</summary>
    [Id(4)] public double AgingPerSecond { get; init; }
}
