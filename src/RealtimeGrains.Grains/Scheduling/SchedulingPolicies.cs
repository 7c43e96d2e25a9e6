namespace RealtimeGrains.Scheduling;

/// <summary>Creates scheduling policies by their configuration name.</summary>
public static class SchedulingPolicies
{
    /// <summary>First come, first served.</summary>
    public const string Fcfs = "fcfs";

    /// <summary>Shortest (expected) job first.</summary>
    public const string Sjf = "sjf";

    /// <summary>Highest priority first, with optional aging.</summary>
    public const string Priority = "priority";

    /// <summary>The known policy names, in documentation order.</summary>
    public static readonly string[] Names = [Fcfs, Sjf, Priority];

    /// <summary>Whether <paramref name="name"/> is a known policy name (case-insensitive).</summary>
    public static bool IsKnown(string? name) => Names.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an empty policy.</summary>
    /// <param name="name"><c>fcfs</c>, <c>sjf</c> or <c>priority</c> (case-insensitive).</param>
    /// <param name="estimator">Learned run times, used by <c>sjf</c>.</param>
    /// <param name="agingPerSecond">Priority points gained per second of waiting, used by <c>priority</c>.</param>
    /// <exception cref="ArgumentException">The name is unknown: <c>unknown policy 'lifo'; allowed: fcfs, sjf, priority</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="agingPerSecond"/> is invalid for <c>priority</c>.</exception>
    internal static ISchedulingPolicy Create(string name, DurationEstimator estimator, double agingPerSecond)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(estimator);
        return Names.FirstOrDefault(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase)) switch
        {
            Fcfs => new FcfsPolicy(),
            Sjf => new SjfPolicy(estimator),
            Priority => new PriorityPolicy(agingPerSecond),
            _ => throw new ArgumentException($"unknown policy '{name}'; allowed: {string.Join(", ", Names)}"),
        };
    }
}
