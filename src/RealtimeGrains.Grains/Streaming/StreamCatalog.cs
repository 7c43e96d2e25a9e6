using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RealtimeGrains.Partitioning;
using RealtimeGrains.Streaming.Processors;

namespace RealtimeGrains.Streaming;

/// <summary>A declared stream with its processor and partitioner resolved, as partition grains use it.</summary>
internal sealed record DeclaredStream(StreamDefinition Definition, IKeyedProcessor Processor, Partitioner Partitioner);

/// <summary>The silo's declared streams (singleton; built from validated <see cref="StreamingOptions"/>).</summary>
internal sealed class StreamCatalog(IOptions<StreamingOptions> options, IServiceProvider services)
{
    private readonly Lazy<Dictionary<string, DeclaredStream>> _streams = new(() => options.Value.Streams.ToDictionary(
        s => s.Key,
        s =>
        {
            var definition = s.Value.ToDefinition(s.Key);
            return new DeclaredStream(definition, services.GetRequiredKeyedService<IKeyedProcessor>(definition.Processor), definition.CreatePartitioner());
        },
        StringComparer.Ordinal));

    public IEnumerable<StreamDefinition> Definitions => _streams.Value.Values.Select(s => s.Definition);

    public bool TryGet(string name, [NotNullWhen(true)] out DeclaredStream? stream) => _streams.Value.TryGetValue(name, out stream);
}
