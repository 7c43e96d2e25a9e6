namespace RealtimeGrains.Hosting;

/// <summary>
/// Where grain state (queues, tasks, stream catalogs, stream pub-sub) and partition (stream) state are kept,
/// and for how long finished task outcomes are.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Storage";

    /// <summary>The grain storage providers this build knows.</summary>
    public static readonly string[] Providers = ["memory", "redis", "postgresql", "external"];

    /// <summary>The stores partition state can use: it needs incremental checkpoints, which only these have.</summary>
    public static readonly string[] StreamStateProviders = ["memory", "redis"];

    /// <summary>
    /// Grain storage: <c>memory</c> (embedded default, lost with the silo), <c>redis</c> (<c>RealtimeGrains:Redis</c>),
    /// <c>postgresql</c> (<c>RealtimeGrains:PostgreSql</c>, Orleans' ADO.NET provider), or <c>external</c>: the grain
    /// storage the host registered under <see cref="GrainStorageName"/>.
    /// </summary>
    public string Provider { get; set; } = "memory";

    /// <summary>
    /// <c>external</c> only: name of the grain storage the host registered (for example
    /// <c>siloBuilder.AddAzureTableGrainStorage("rtg", ...)</c>); RealtimeGrains keeps its grain state there.
    /// </summary>
    public string GrainStorageName { get; set; } = "";

    /// <summary>
    /// Where partition (stream) state is kept: <c>memory</c> or <c>redis</c>; empty means the same as
    /// <see cref="Provider"/>, which must then be one of them. Partition checkpoints write only what changed;
    /// grain storage providers write whole states, so they cannot hold it.
    /// </summary>
    public string StreamState { get; set; } = "";

    /// <summary>
    /// How long a finished task's stored outcome (status, times, result or error) is kept after it is
    /// written, in minutes; 0 keeps it for ever (Redis only: memory storage is always capped by
    /// <see cref="MemoryTaskResultLimit"/>; PostgreSQL and external storage keep outcomes until deleted).
    /// A key expiry in Redis, a sweep in memory storage.
    /// </summary>
    public int TaskResultRetentionMinutes { get; set; } = 1_440;

    /// <summary>
    /// Memory storage: most finished task outcomes kept (about 300 bytes each); past it, the oldest
    /// written is dropped first. Bounds the embedded default's memory under continuous work.
    /// </summary>
    public int MemoryTaskResultLimit { get; set; } = 100_000;

    /// <summary><see cref="TaskResultRetentionMinutes"/> as a time span; <see langword="null"/> for ever.</summary>
    public TimeSpan? TaskResultRetention => TaskResultRetentionMinutes > 0 ? TimeSpan.FromMinutes(TaskResultRetentionMinutes) : null;

    /// <summary>The store partition state uses: <see cref="StreamState"/>, or <see cref="Provider"/> when that is empty.</summary>
    public string EffectiveStreamState => StreamState.Length > 0 ? StreamState : Provider;

    /// <summary>Whether grain state or partition state goes to Redis.</summary>
    public bool UsesRedis => Is(Provider, "redis") || Is(EffectiveStreamState, "redis");

    /// <summary>Whether grain state goes to PostgreSQL.</summary>
    public bool UsesPostgreSql => Is(Provider, "postgresql");

    /// <summary>Returns every problem with these options, formatted for an operator.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        OptionCheck.OneOf(errors, $"{Section}:Provider", Provider, Providers);
        if (StreamState.Length > 0)
        {
            OptionCheck.OneOf(errors, $"{Section}:StreamState", StreamState, StreamStateProviders);
        }
        else if (Providers.Contains(Provider, StringComparer.OrdinalIgnoreCase) && !StreamStateProviders.Contains(Provider, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(OptionCheck.Error($"{Section}:StreamState", StreamState,
                $"memory or redis, because {Section}:Provider is {Provider}: partition state needs a store that checkpoints only what changed, and grain storage writes whole states"));
        }

        if (Is(Provider, "external"))
        {
            ExternalName(errors);
        }

        OptionCheck.Range(errors, $"{Section}:TaskResultRetentionMinutes", TaskResultRetentionMinutes, 0, 5_256_000);
        OptionCheck.Range(errors, $"{Section}:MemoryTaskResultLimit", MemoryTaskResultLimit, 1, 100_000_000);
        return errors;
    }

    private void ExternalName(List<string> errors)
    {
        string[] reserved = [RealtimeGrainsSiloBuilderExtensions.StateStorage, RealtimeGrainsSiloBuilderExtensions.ResultStorage, RealtimeGrainsSiloBuilderExtensions.PubSubStorage];
        if (string.IsNullOrWhiteSpace(GrainStorageName) || reserved.Contains(GrainStorageName, StringComparer.Ordinal))
        {
            errors.Add(OptionCheck.Error($"{Section}:GrainStorageName", GrainStorageName,
                $"the name of a grain storage the host registers (other than {string.Join(", ", reserved)}), because {Section}:Provider is external"));
        }
    }

    private static bool Is(string value, string provider) => string.Equals(value, provider, StringComparison.OrdinalIgnoreCase);
}
