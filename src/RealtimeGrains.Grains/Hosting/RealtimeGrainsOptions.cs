using Microsoft.Extensions.Configuration;
using RealtimeGrains.Placement;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Hosting;

/// <summary>
/// Everything <see cref="RealtimeGrainsSiloBuilderExtensions.AddRealtimeGrains"/> configures, one property per
/// configuration section (<c>RealtimeGrains:Storage</c>, <c>RealtimeGrains:Scheduler</c>, ...). Bound once from
/// configuration; the action given to <c>AddRealtimeGrains</c> runs after binding, and a
/// <c>services.Configure&lt;SchedulerOptions&gt;(...)</c> (or any other section's type) runs after both.
/// Features read their own section through <c>IOptions&lt;T&gt;</c>, validated at start.
/// </summary>
public sealed class RealtimeGrainsOptions
{
    /// <summary>Configuration section every RealtimeGrains section sits in.</summary>
    public const string Section = "RealtimeGrains";

    /// <summary>Where grain state is kept (<c>RealtimeGrains:Storage</c>).</summary>
    public StorageOptions Storage { get; } = new();

    /// <summary>The Redis of Redis storage (<c>RealtimeGrains:Redis</c>).</summary>
    public RedisOptions Redis { get; } = new();

    /// <summary>The PostgreSQL database of PostgreSQL storage (<c>RealtimeGrains:PostgreSql</c>).</summary>
    public PostgreSqlOptions PostgreSql { get; } = new();

    /// <summary>Event streaming and declared streams (<c>RealtimeGrains:Streaming</c>).</summary>
    public StreamingOptions Streaming { get; } = new();

    /// <summary>Task schedulers and declared queues (<c>RealtimeGrains:Scheduler</c>).</summary>
    public SchedulerOptions Scheduler { get; } = new();

    /// <summary>Load-balanced placement (<c>RealtimeGrains:Placement</c>).</summary>
    public PlacementOptions Placement { get; } = new();

    /// <summary>What binding configuration refused (an unknown key, a value of the wrong type), one line each.</summary>
    internal List<string> BindErrors { get; } = [];

    /// <summary>Binds every section this type holds; the host's own sections (<c>Silo</c>, <c>Membership</c>, ...) are not read.</summary>
    internal void Bind(IConfiguration configuration)
    {
        OptionCheck.Bind(configuration, StorageOptions.Section, Storage, BindErrors);
        OptionCheck.Bind(configuration, RedisOptions.Section, Redis, BindErrors);
        OptionCheck.Bind(configuration, PostgreSqlOptions.Section, PostgreSql, BindErrors);
        OptionCheck.Bind(configuration, StreamingOptions.Section, Streaming, BindErrors);
        OptionCheck.Bind(configuration, SchedulerOptions.Section, Scheduler, BindErrors);
        OptionCheck.Bind(configuration, PlacementOptions.Section, Placement, BindErrors);
    }

    /// <summary>The section object of type <typeparamref name="T"/>.</summary>
    internal T Get<T>()
        where T : class =>
        (T)(object)(typeof(T) switch
        {
            var t when t == typeof(StorageOptions) => Storage,
            var t when t == typeof(RedisOptions) => Redis,
            var t when t == typeof(PostgreSqlOptions) => PostgreSql,
            var t when t == typeof(StreamingOptions) => Streaming,
            var t when t == typeof(SchedulerOptions) => Scheduler,
            var t when t == typeof(PlacementOptions) => Placement,
            var t => throw new ArgumentException($"{t.Name} is not a section of {nameof(RealtimeGrainsOptions)}"),
        });
}
