using RealtimeGrains.Hosting;

namespace RealtimeGrains.Scheduling;

/// <summary>Defaults and limits of the task schedulers, bound from <c>RealtimeGrains:Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Scheduler";

    /// <summary>Policy of a queue created implicitly: <c>fcfs</c>, <c>sjf</c> or <c>priority</c>.</summary>
    public string DefaultPolicy { get; set; } = SchedulingPolicies.Fcfs;

    /// <summary>Concurrency of a queue created implicitly (1-100000).</summary>
    public int DefaultConcurrency { get; set; } = 4;

    /// <summary>Maximum pending tasks of a queue created implicitly (1-10000000).</summary>
    public int DefaultMaxLength { get; set; } = 10_000;

    /// <summary>Largest accepted task payload in bytes (0-67108864).</summary>
    public int MaxPayloadBytes { get; set; } = 1_048_576;

    /// <summary>SJF: weight of the latest measured run time in the learned estimate, (0, 1].</summary>
    public double SjfAlpha { get; set; } = 0.5;

    /// <summary>SJF: estimate of a handler that has never run, in milliseconds.</summary>
    public double SjfPriorMs { get; set; } = 100;

    /// <summary>Priority: points a waiting task gains per second for queues created implicitly; 0 = strict.</summary>
    public double AgingPerSecond { get; set; } = 1;

    /// <summary>Least time between two state writes of a scheduler, in milliseconds; 0 writes as soon as the previous write ends.</summary>
    public int CommitIntervalMs { get; set; } = 5;

    /// <summary>Delay before the first retry of a failed attempt, in milliseconds; doubles with each attempt.</summary>
    public int RetryBackoffMs { get; set; } = 200;

    /// <summary>Longest retry delay, in milliseconds.</summary>
    public int MaxRetryBackoffMs { get; set; } = 10_000;

    /// <summary>
    /// How long past an attempt's timeout the scheduler waits for its task grain to answer before it
    /// counts the attempt as lost and dispatches the task again, in milliseconds.
    /// </summary>
    public int LeaseGraceMs { get; set; } = 5_000;

    /// <summary>Finished tasks a scheduler keeps for <c>rtg task list</c>.</summary>
    public int HistoryLength { get; set; } = 1_000;

    /// <summary>Request ids (idempotency keys) a scheduler remembers, newest first, to answer a repeated submit with its task id.</summary>
    public int RequestIdWindow { get; set; } = 10_000;

    /// <summary>Queues declared with their own starting settings, by name.</summary>
    public IDictionary<string, QueueDeclaration> Queues { get; } = new Dictionary<string, QueueDeclaration>(StringComparer.Ordinal);

    /// <summary>Returns every problem with these options, formatted for an operator.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        OptionCheck.OneOf(errors, $"{Section}:DefaultPolicy", DefaultPolicy, SchedulingPolicies.Names);
        OptionCheck.Range(errors, $"{Section}:DefaultConcurrency", DefaultConcurrency, 1, QueueLimits.MaxConcurrency);
        OptionCheck.Range(errors, $"{Section}:DefaultMaxLength", DefaultMaxLength, 1, QueueLimits.MaxLength);
        OptionCheck.Range(errors, $"{Section}:MaxPayloadBytes", MaxPayloadBytes, 0, 64 * 1024 * 1024);
        if (!(SjfAlpha > 0 && SjfAlpha <= 1))
        {
            errors.Add(OptionCheck.Error($"{Section}:SjfAlpha", SjfAlpha, "a number in (0, 1]"));
        }

        OptionCheck.Range(errors, $"{Section}:SjfPriorMs", SjfPriorMs, 0, 86_400_000);
        OptionCheck.Range(errors, $"{Section}:AgingPerSecond", AgingPerSecond, 0, QueueLimits.MaxAgingPerSecond);
        OptionCheck.Range(errors, $"{Section}:CommitIntervalMs", CommitIntervalMs, 0, 10_000);
        OptionCheck.Range(errors, $"{Section}:RetryBackoffMs", RetryBackoffMs, 0, 3_600_000);
        OptionCheck.Range(errors, $"{Section}:MaxRetryBackoffMs", MaxRetryBackoffMs, RetryBackoffMs, 3_600_000);
        OptionCheck.Range(errors, $"{Section}:LeaseGraceMs", LeaseGraceMs, 100, 3_600_000);
        OptionCheck.Range(errors, $"{Section}:HistoryLength", HistoryLength, 0, 1_000_000);
        OptionCheck.Range(errors, $"{Section}:RequestIdWindow", RequestIdWindow, 0, 1_000_000);
        foreach (var (name, queue) in Queues)
        {
            var at = $"{Section}:Queues:{name}";
            if (!TaskIds.IsValidQueueName(name))
            {
                errors.Add($"{at}: '{name}' is not a queue name (1-{TaskIds.MaxQueueNameLength} letters, digits, '-', '_', '.')");
            }

            if (queue.Policy is { } policy)
            {
                OptionCheck.OneOf(errors, $"{at}:Policy", policy, SchedulingPolicies.Names);
            }

            if (queue.Concurrency is { } concurrency)
            {
                OptionCheck.Range(errors, $"{at}:Concurrency", concurrency, 1, QueueLimits.MaxConcurrency);
            }

            if (queue.MaxLength is { } maxLength)
            {
                OptionCheck.Range(errors, $"{at}:MaxLength", maxLength, 1, QueueLimits.MaxLength);
            }

            if (queue.AgingPerSecond is { } aging)
            {
                OptionCheck.Range(errors, $"{at}:AgingPerSecond", aging, 0, QueueLimits.MaxAgingPerSecond);
            }
        }

        return errors;
    }
}
