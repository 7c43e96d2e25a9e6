using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using RealtimeGrains.Placement;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Storage;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Hosting;

/// <summary>The one registration entry point of the silo side.</summary>
public static class RealtimeGrainsSiloBuilderExtensions
{
    /// <summary>Name of the grain storage every RealtimeGrains grain uses.</summary>
    public const string StateStorage = "rtg-state";

    /// <summary>Name of the grain storage task grains keep finished outcomes in (with an expiry in Redis).</summary>
    public const string ResultStorage = "rtg-results";

    /// <summary>Name of the grain storage Orleans' stream pub-sub uses (RealtimeGrains registers it).</summary>
    public const string PubSubStorage = "PubSubStore";

    /// <summary>
    /// Adds RealtimeGrains to a silo: options bound once from the <c>RealtimeGrains</c> configuration section,
    /// then <paramref name="configure"/>, then any <c>Configure&lt;T&gt;</c> of a section's type (validated at
    /// start), grain storage from the provider those options name, and the features. The silo host and every
    /// test cluster call this same method.
    /// </summary>
    public static ISiloBuilder AddRealtimeGrains(this ISiloBuilder builder, Action<RealtimeGrainsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<RealtimeGrainsOptions>()
            .Configure<IConfiguration>((o, configuration) => o.Bind(configuration))
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddSingleton<IValidateOptions<RealtimeGrainsOptions>>(new OptionsValidation<RealtimeGrainsOptions>(o => o.BindErrors));
        builder.Services.AddSection<StorageOptions>().Services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        builder.Services.AddSection<RedisOptions>();
        builder.Services.AddSection<PostgreSqlOptions>();
        builder.Services.AddSection<StreamingOptions>();
        builder.Services.AddSection<SchedulerOptions>().Services.AddSingleton<IValidateOptions<SchedulerOptions>>(new OptionsValidation<SchedulerOptions>(o => o.Validate()));
        builder.Services.AddSection<PlacementOptions>();

        builder.UseSelectedStorage();
        builder.Services.AllowRedisExceptionsOnTheWire();
        builder.AddIncomingGrainCallFilter<ClientCallGate>();
        builder.AddIncomingGrainCallFilter<ClientErrorFilter>();
        builder.AddEventStreaming();
        builder.AddLoadBalancedPlacement();
        builder.AddTaskScheduling();
        builder.Services.AddSingleton<GrainRevival>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<GrainRevival>());
        return builder;
    }

    /// <summary>Serves <c>IOptions&lt;T&gt;</c> of one section from <see cref="RealtimeGrainsOptions"/>, validated at start.</summary>
    private static OptionsBuilder<T> AddSection<T>(this IServiceCollection services)
        where T : class
    {
        services.AddSingleton<IOptionsFactory<T>, SectionOptionsFactory<T>>();
        return services.AddOptions<T>().ValidateOnStart();
    }

    private static void UseSelectedStorage(this ISiloBuilder builder)
    {
        var services = builder.Services;
        services.AddGrainStorageProviderDefaults();
        services.AddSelectedGrainStorage(StateStorage, binaryState: true);
        services.AddSelectedGrainStorage(ResultStorage, binaryState: true);
        // Stream pub-sub state lives next to grain state: both survive a silo, neither survives its store.
        services.AddSelectedGrainStorage(PubSubStorage, binaryState: false);
        services.AddOptions<MemoryStoreOptions>(ResultStorage).Configure<IOptions<StorageOptions>>((o, storage) =>
        {
            o.Retention = storage.Value.TaskResultRetention;
            o.MaxRecords = storage.Value.MemoryTaskResultLimit;
        });
        services.AddOptions<RedisStorageOptions>(ResultStorage).Configure<IOptions<StorageOptions>>((o, storage) => o.EntryExpiry = storage.Value.TaskResultRetention);
        services.AddSingleton<IPartitionStateStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (!string.Equals(storage.EffectiveStreamState, "redis", StringComparison.OrdinalIgnoreCase))
            {
                return ActivatorUtilities.CreateInstance<MemoryPartitionStateStore>(sp);
            }

            // Keys carry the service id, so deployments sharing one Redis keep apart (as Orleans' own storage does).
            var serviceId = sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId.Replace('{', '(').Replace('}', ')');
            return new RedisPartitionStateStore(sp.GetRequiredService<IOptions<RedisOptions>>().Value, $"rtg:{serviceId}");
        });
    }
}
