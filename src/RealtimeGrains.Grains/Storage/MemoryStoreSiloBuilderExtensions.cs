using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace RealtimeGrains.Storage;

/// <summary>Registers RealtimeGrains' in-memory grain storage.</summary>
public static class MemoryStoreSiloBuilderExtensions
{
    /// <summary>
    /// Adds an in-memory grain storage named <paramref name="name"/> (state is lost with the silo that holds
    /// its shard) whose records may expire and be capped, see <see cref="MemoryStoreOptions"/>. State is kept in
    /// Orleans' binary format, compact and able to read back records with required members.
    /// </summary>
    public static ISiloBuilder AddMemoryStore(this ISiloBuilder builder, string name, Action<MemoryStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = builder.Services.AddMemoryStoreOptions(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddGrainStorage(name, CreateMemoryStore);
        return builder;
    }

    /// <summary>Registers the options of memory store <paramref name="name"/>, validated when the store is created.</summary>
    internal static OptionsBuilder<MemoryStoreOptions> AddMemoryStoreOptions(this IServiceCollection services, string name) =>
        services.AddOptions<MemoryStoreOptions>(name)
            .Validate(o => o.Shards is >= 1 and <= 1024 && o.MaxRecords >= 0 && (o.Retention is null || o.Retention > TimeSpan.Zero),
                $"memory store '{name}': Shards 1-1024, MaxRecords >= 0, Retention positive or unset");

    /// <summary>Creates memory store <paramref name="name"/> from its named options.</summary>
    internal static IGrainStorage CreateMemoryStore(IServiceProvider services, string name) => new MemoryGrainStore(
        name,
        services.GetRequiredService<IOptionsMonitor<MemoryStoreOptions>>().Get(name),
        new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
        services.GetRequiredService<IGrainFactory>(),
        services.GetRequiredService<IActivatorProvider>());
}
