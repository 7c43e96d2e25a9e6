using System.Collections.Concurrent;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>A declared stream as the client routes to it.</summary>
internal sealed record RoutedStream(StreamDefinition Definition, RealtimeGrains.Partitioning.Partitioner Partitioner);

/// <summary>Looks stream definitions up in the cluster's catalog once, then serves them from memory.</summary>
internal sealed class StreamDirectory(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Task<RoutedStream>> _streams = new(StringComparer.Ordinal);

    public Task<RoutedStream> GetAsync(string stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var lookup = _streams.GetOrAdd(stream, LookupAsync);
        if (lookup.IsFaulted || lookup.IsCanceled)
        {
            // A failed lookup (cluster unreachable, undeclared stream) is not cached.
            _streams.TryRemove(new KeyValuePair<string, Task<RoutedStream>>(stream, lookup));
        }

        return lookup;
    }

    private async Task<RoutedStream> LookupAsync(string stream)
    {
        var catalog = grains.GetGrain<IStreamCatalogGrain>(0);
        var definition = await catalog.Find(stream).ConfigureAwait(false);
        if (definition is null)
        {
            var declared = await catalog.List().ConfigureAwait(false);
            throw new UnknownStreamException(stream, declared.Select(d => d.Name));
        }

        return new RoutedStream(definition, definition.CreatePartitioner());
    }
}
