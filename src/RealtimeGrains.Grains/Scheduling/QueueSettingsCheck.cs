using System.Globalization;

namespace RealtimeGrains.Scheduling;

/// <summary>Applies a settings change after checking every field it sets.</summary>
internal static class QueueSettingsCheck
{
    /// <summary>What a queue starts with: its declaration (<c>Scheduler:Queues:{name}</c>) over the scheduler's defaults.</summary>
    public static QueueSettings Defaults(SchedulerOptions options, string queue)
    {
        var declared = options.Queues.TryGetValue(queue, out var declaration) ? declaration : null;
        return new()
        {
            Policy = (declared?.Policy ?? options.DefaultPolicy).ToLowerInvariant(),
            Concurrency = declared?.Concurrency ?? options.DefaultConcurrency,
            MaxLength = declared?.MaxLength ?? options.DefaultMaxLength,
            AgingPerSecond = declared?.AgingPerSecond ?? options.AgingPerSecond,
        };
    }

    /// <exception cref="UnknownPolicyException">The policy name is unknown.</exception>
    /// <exception cref="InvalidQueueSettingsException">A value is out of range.</exception>
    public static QueueSettings Apply(string queue, QueueSettings current, QueueSettingsChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Policy is { } policy && !SchedulingPolicies.IsKnown(policy))
        {
            throw new UnknownPolicyException($"unknown policy '{policy}'; allowed: {string.Join(", ", SchedulingPolicies.Names)}");
        }

        if (change.Concurrency is < 1 or > QueueLimits.MaxConcurrency)
        {
            throw Invalid(queue, "concurrency", change.Concurrency.Value, $"1-{QueueLimits.MaxConcurrency}");
        }

        if (change.MaxLength is < 1 or > QueueLimits.MaxLength)
        {
            throw Invalid(queue, "max length", change.MaxLength.Value, $"1-{QueueLimits.MaxLength}");
        }

        if (change.AgingPerSecond is { } aging && !(aging >= 0 && aging <= QueueLimits.MaxAgingPerSecond))
        {
            throw Invalid(queue, "aging", aging, $"0-{QueueLimits.MaxAgingPerSecond} priority points per second");
        }

        return current with
        {
            Policy = change.Policy?.ToLowerInvariant() ?? current.Policy,
            Concurrency = change.Concurrency ?? current.Concurrency,
            MaxLength = change.MaxLength ?? current.MaxLength,
            Paused = change.Paused ?? current.Paused,
            AgingPerSecond = change.AgingPerSecond ?? current.AgingPerSecond,
        };
    }

    /// <exception cref="InvalidQueueSettingsException">The name is not 1-100 letters, digits, '-', '_', '.'.</exception>
    public static void CheckName(string queue)
    {
        if (!TaskIds.IsValidQueueName(queue))
        {
            throw new InvalidQueueSettingsException(
                $"queue name '{queue}' is not valid; allowed: 1-{TaskIds.MaxQueueNameLength} letters, digits, '-', '_' or '.'");
        }
    }

    private static InvalidQueueSettingsException Invalid(string queue, string what, double value, string allowed) =>
        new(string.Create(CultureInfo.InvariantCulture, $"queue '{queue}': {what} '{value}' is not valid; allowed: {allowed}"));
}
