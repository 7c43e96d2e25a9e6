namespace RealtimeGrains.Scheduling;

/// <summary>
/// Settings a named queue starts with (<c>RealtimeGrains:Scheduler:Queues:{name}</c>) until someone changes them
/// with <c>rtg queue set</c>; what is left out takes the scheduler's defaults.
/// </summary>
public sealed class QueueDeclaration
{
    /// <summary><c>fcfs</c>, <c>sjf</c> or <c>priority</c>.</summary>
    public string? Policy { get; set; }

    /// <summary>Tasks run at once (1-100000).</summary>
    public int? Concurrency { get; set; }

    /// <summary>Maximum pending tasks.</summary>
    public int? MaxLength { get; set; }

    /// <summary>Priority: points a waiting task gains per second.</summary>
    public double? AgingPerSecond { get; set; }
}
