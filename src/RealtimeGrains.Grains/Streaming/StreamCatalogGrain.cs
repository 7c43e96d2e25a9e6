using Orleans.Concurrency;

namespace RealtimeGrains.Streaming;

/// <summary>Answers which streams are declared, from the local silo's catalog (a stateless worker on every silo).</summary>
[StatelessWorker]
internal sealed class StreamCatalogGrain(StreamCatalog catalog) : Grain, IStreamCatalogGrain
{
    public Task<StreamDefinition?> Find(string name) =>
        Task.FromResult(catalog.TryGet(name, out var stream) ? stream.Definition : null);

    public Task<StreamDefinition[]> List() => Task.FromResult(catalog.Definitions.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray());
}
