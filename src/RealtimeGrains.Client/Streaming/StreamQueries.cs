using RealtimeGrains.Partitioning;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>Where a key lands: its bucket (hash partitioning; -1 for range) and partition.</summary>
public sealed record KeyPlacement(string Stream, string Key, int Bucket, int Partition);

/// <summary>A stream's counters: the total and each partition's.</summary>
public sealed record StreamStatsReport(string Stream, PartitionStats Total, IReadOnlyList<PartitionStats> Partitions);

/// <summary>Reads stream state: one key, a stream's counters, declared streams, key placement.</summary>
public sealed class StreamQueries(IGrainFactory grains)
{
    private readonly StreamDirectory _directory = new(grains);

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

    /// <summary>The state of one key, or null when the key has seen no event.</summary>
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
