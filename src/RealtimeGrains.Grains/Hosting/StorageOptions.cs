namespace RealtimeGrains.Hosting;

/// <summary>Where grain state (partition checkpoints, queues, tasks, stream pub-sub) is kept, and for how long finished task outcomes are.</summary>
public sealed class StorageOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Storage";

    /// <summary>The provider names this build knows.</summary>
    public static readonly string[] Providers = ["memory", "redis"];

    /// <summary><c>memory</c> (embedded default, lost with the silo) or <c>redis</c> (<c>RealtimeGrains:Redis</c>).</summary>
    public string Provider { get; set; } = "memory";

    /// <summary>
    /// How long a finished task's stored outcome (status, times, result or error) is kept after it is
    /// written, in minutes; 0 keeps it for ever (Redis only: memory storage is always capped by
    /// <see cref="MemoryTaskResultLimit"/>). A key expiry in Redis, a sweep in memory storage.
    /// </summary>
    public int TaskResultRetentionMinutes { get; set; } = 1_440;

    /// <summary>
    /// Memory storage: most finished task outcomes kept (about 300 bytes each); past it, the oldest
    /// written is dropped first. Bounds the embedded default's memory under continuous work.
    /// </summary>
    public int MemoryTaskResultLimit { get; set; } = 100_000;

    /// <summary><see cref="TaskResultRetentionMinutes"/> as a time span; <see langword="null"/> for ever.</summary>
    public TimeSpan? TaskResultRetention => TaskResultRetentionMinutes > 0 ? TimeSpan.FromMinutes(TaskResultRetentionMinutes) : null;

    /// <summary>Whether state goes to Redis.</summary>
    public bool UsesRedis => string.Equals(Provider, "redis", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns every problem with these options, formatted for an operator.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        OptionCheck.OneOf(errors, $"{Section}:Provider", Provider, Providers);
        OptionCheck.Range(errors, $"{Section}:TaskResultRetentionMinutes", TaskResultRetentionMinutes, 0, 5_256_000);
        OptionCheck.Range(errors, $"{Section}:MemoryTaskResultLimit", MemoryTaskResultLimit, 1, 100_000_000);
        return errors;
    }
}
