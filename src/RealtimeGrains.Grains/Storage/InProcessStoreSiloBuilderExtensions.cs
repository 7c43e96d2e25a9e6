using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using RealtimeGrains.Hosting;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Storage;

/// <summary>Registers an <see cref="InProcessStore"/> as the home of a silo's RealtimeGrains state.</summary>
public static class InProcessStoreSiloBuilderExtensions
{
    /// <summary>
    /// Keeps this silo's RealtimeGrains state (partition state, queues, tasks, stream pub-sub) in <paramref name="store"/>,
    /// which every silo of the process given the same store shares. Call after <c>AddRealtimeGrains()</c>: it replaces the
    /// storage that configuration chose.
    /// </summary>
    public static ISiloBuilder UseInProcessStore(this ISiloBuilder builder, InProcessStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.AddSingleton<IPartitionStateStore>(new InProcessPartitionStateStore(store));
        AddGrainStorage(builder.Services, store, RealtimeGrainsSiloBuilderExtensions.StateStorage, _ => new MemoryStoreShard(TimeProvider.System, null, 0));
        AddGrainStorage(builder.Services, store, ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, _ => new MemoryStoreShard(TimeProvider.System, null, 0));
        AddGrainStorage(builder.Services, store, RealtimeGrainsSiloBuilderExtensions.ResultStorage, services =>
        {
            var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new MemoryStoreShard(TimeProvider.System, storage.TaskResultRetention, storage.MemoryTaskResultLimit);
        });
        return builder;
    }

    private static void AddGrainStorage(IServiceCollection services, InProcessStore store, string name, Func<IServiceProvider, MemoryStoreShard> create) =>
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new InProcessGrainStore(
            store.GrainStates(name, () => create(sp)),
            new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>()),
            sp.GetRequiredService<IActivatorProvider>()));
}
