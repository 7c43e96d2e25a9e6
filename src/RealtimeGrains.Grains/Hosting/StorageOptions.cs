namespace RealtimeGrains.Hosting;

/// <summary>Where grain state (partition checkpoints, queues, tasks, stream pub-sub) is kept.</summary>
public sealed class StorageOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Storage";

    /// <summary>The provider names this build knows.</summary>
    public static readonly string[] Providers = ["memory", "redis"];

    /// <summary><c>memory</c> (embedded default, lost with the silo) or <c>redis</c> (<c>RealtimeGrains:Redis</c>).</summary>
    public string Provider { get; set; } = "memory";

    /// <summary>
    /// How long a finished task's stored outcome (status, times, result or error) is kept, in minutes;
    /// 0 keeps it for ever. Applies to Redis (a key expiry); memory storage keeps outcomes until the silo stops.
    /// </summary>
    public int TaskResultRetentionMinutes { get; set; } = 1_440;

    /// <summary>Whether state goes to Redis.</summary>
    public bool UsesRedis => string.Equals(Provider, "redis", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns every problem with these options, formatted for an operator.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        OptionCheck.OneOf(errors, $"{Section}:Provider", Provider, Providers);
        OptionCheck.Range(errors, $"{Section}:TaskResultRetentionMinutes", TaskResultRetentionMinutes, 0, 5_256_000);
        return errors;
    }
}
