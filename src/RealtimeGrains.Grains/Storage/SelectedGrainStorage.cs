using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Storage;
using RealtimeGrains.Hosting;

namespace RealtimeGrains.Storage;

/// <summary>
/// The grain storages RealtimeGrains' grains name (<c>rtg-state</c>, <c>rtg-results</c>, <c>PubSubStore</c>),
/// each created when first used from the provider <see cref="StorageOptions.Provider"/> names then, so the
/// provider is an option like any other: bound from configuration, set in code, changed by a later
/// <c>Configure&lt;StorageOptions&gt;</c>.
/// </summary>
internal static class SelectedGrainStorage
{
    /// <summary>Registers storage <paramref name="name"/> and the settings every provider would give it.</summary>
    public static void AddSelectedGrainStorage(this IServiceCollection services, string name, bool binaryState)
    {
        services.AddMemoryStoreOptions(name);
        services.AddOptions<RedisStorageOptions>(name).Configure<IOptions<RedisOptions>>((options, redis) =>
        {
            options.ConfigurationOptions = redis.Value.ToConfiguration();
            options.DeleteStateOnClear = true;
        });
        services.AddOptions<AdoNetGrainStorageOptions>(name).Configure<IOptions<PostgreSqlOptions>>((options, postgreSql) =>
        {
            options.Invariant = PostgreSqlOptions.Invariant;
            options.ConnectionString = postgreSql.Value.ConnectionString;
            options.DeleteStateOnClear = true;
        });
        if (binaryState)
        {
            // Orleans' binary format instead of the providers' default JSON: partition catalogs and queues are written
            // often (JSON was the silo's main CPU cost), and the JSON serializer cannot read records with required members back.
            services.AddOptions<RedisStorageOptions>(name).Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            services.AddOptions<AdoNetGrainStorageOptions>(name).Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        }

        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => Create(sp, name));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new Lifecycle(sp, name));
    }

    /// <summary>What the providers need from the container once, whichever is chosen.</summary>
    public static void AddGrainStorageProviderDefaults(this IServiceCollection services)
    {
        services.AddTransient<IPostConfigureOptions<RedisStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<RedisStorageOptions>>();
        services.AddTransient<IPostConfigureOptions<AdoNetGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<AdoNetGrainStorageOptions>>();
        services.AddTransient<IPostConfigureOptions<AdoNetGrainStorageOptions>, DefaultAdoNetGrainStorageOptionsHashPickerConfigurator>();
    }

    private static IGrainStorage Create(IServiceProvider services, string name)
    {
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        return storage.Provider.ToUpperInvariant() switch
        {
            "MEMORY" => MemoryStoreSiloBuilderExtensions.CreateMemoryStore(services, name),
            "REDIS" => RedisGrainStorageFactory.Create(services, name),
            "POSTGRESQL" => AdoNetGrainStorageFactory.Create(services, name),
            _ => services.GetRequiredKeyedService<IGrainStorage>(storage.GrainStorageName),
        };
    }

    private static bool IsExternal(IServiceProvider services) =>
        string.Equals(services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider, "external", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Lets a storage RealtimeGrains created take part in the silo lifecycle (Redis and PostgreSQL connect at start);
    /// an external storage already does, through the host's own registration.
    /// </summary>
    private sealed class Lifecycle(IServiceProvider services, string name) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle observer)
        {
            if (!IsExternal(services) && services.GetRequiredKeyedService<IGrainStorage>(name) is ILifecycleParticipant<ISiloLifecycle> storage)
            {
                storage.Participate(observer);
            }
        }
    }
}
