using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RealtimeGrains.Partitioning;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>Where a key lands: its bucket (hash partitioning; -1 for range) and partition.</summary>
public sealed record KeyPlacement(string Stream, string Key, int Bucket, int Partition);

/// <summary>A stream's counters: the total and each partition's.</summary>
public sealed record StreamStatsReport(string Stream, PartitionStats Total, IReadOnlyList<PartitionStats> Partitions);

/// <summary>Reads stream state: one key (as a view or as its processor's state type), a stream's counters, declared streams, key placement.</summary>
public sealed class StreamQueries(IGrainFactory grains, Serializer serializer)
{
    private readonly StreamDirectory _directory = new(grains);

    /// <summary>Queries through a connected client (its grain factory and Orleans serializer).</summary>
    public StreamQueries(IClusterClient client)
        : this(client, client?.ServiceProvider.GetRequiredService<Serializer>() ?? throw new ArgumentNullException(nameof(client)))
    {
    }

    /// <summary>The declared streams.</summary>
    public Task<StreamDefinition[]> ListStreamsAsync() => grains.GetGrain<IStreamCatalogGrain>(0).List();

    /// <summary>The bucket and partition of each key; throws <see cref="UnknownStreamException"/> for an undeclared stream.</summary>
    public async Task<IReadOnlyList<KeyPlacement>> LocateAsync(string stream, IEnumerable<string> keys)
    {
        var route = await _directory.GetAsync(stream).ConfigureAwait(false);
        return keys.Select(key => new KeyPlacement(
            stream,
            key,
            route.Partitioner.Kind == PartitioningKind.Hash ? route.Partitioner.Bucket(key) : -1,
            route.Partitioner.Partition(key))).ToList();
    }

    /// <summary>
    /// The state of one key as its partition shows it (processor, state in Orleans' binary serialization and as JSON,
    /// pending timers and tasks, last output), or null when the key has no state.
    /// </summary>
    public async Task<KeyStateView?> GetKeyAsync(string stream, string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidEventException($"stream '{stream}': the key is empty");
        }

        var route = await _directory.GetAsync(stream).ConfigureAwait(false);
        var partition = route.Partitioner.Partition(key);
        return await grains.GetGrain<IPartitionGrain>(route.Definition.PartitionKey(partition)).GetKey(key).ConfigureAwait(false);
    }

    /// <summary>
    /// The state of one key as the stream's processor keeps it, or the default of <typeparamref name="TState"/> (null)
    /// when the key has no state. <typeparamref name="TState"/> is the processor's state type (or a type it can be read as).
    /// </summary>
    /// <exception cref="InvalidCastException">The state is not a <typeparamref name="TState"/>.</exception>
    public async Task<TState?> GetStateAsync<TState>(string stream, string key)
    {
        var view = await GetKeyAsync(stream, key).ConfigureAwait(false);
        if (view is null || view.State.Length == 0)
        {
            return default;
        }

        try
        {
            return serializer.Deserialize<TState>(view.State);
        }
        catch (Exception ex) when (ex is SerializerException or InvalidCastException)
        {
            throw new InvalidCastException(
                $"stream '{stream}' key '{key}': the state of processor '{view.Processor}' cannot be read as {typeof(TState).FullName} ({ex.Message})", ex);
        }
    }

    /// <summary>Counters of every partition of a stream, and their total.</summary>
    public async Task<StreamStatsReport> GetStatsAsync(string stream)
    {
        var route = await _directory.GetAsync(stream).ConfigureAwait(false);
        var partitions = await Task.WhenAll(Enumerable.Range(0, route.Definition.Partitions)
            .Select(p => grains.GetGrain<IPartitionGrain>(route.Definition.PartitionKey(p)).GetStats())).ConfigureAwait(false);
        var total = partitions.Aggregate(new PartitionStats { Partition = -1 }, (sum, p) => sum + p);
        return new StreamStatsReport(stream, total, partitions);
    }
}
