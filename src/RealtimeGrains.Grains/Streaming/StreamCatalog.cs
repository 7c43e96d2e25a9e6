using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RealtimeGrains.Partitioning;
using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Streaming;

/// <summary>A declared stream with its processor and partitioner resolved, as partition grains use it.</summary>
internal sealed class DeclaredStream(
    StreamDefinition definition, ProcessorBinding processor, long maxKeysPerPartition = long.MaxValue, long maxEventTimeAheadMs = long.MaxValue)
{
    /// <summary>How far ahead of the partition's clock an event time may be; later ones are rejected.</summary>
    public long MaxEventTimeAheadMs { get; } = maxEventTimeAheadMs;

    /// <summary>Keys one partition holds at most; events for further new keys are rejected.</summary>
    public long MaxKeysPerPartition { get; } = maxKeysPerPartition;

    public StreamDefinition Definition { get; } = definition;

    public Partitioner Partitioner { get; } = definition.CreatePartitioner();

    public ProcessorBinding Processor { get; } = processor;

    /// <summary>The stream <c>Emit</c> goes to.</summary>
    public DeclaredStream? Output { get; set; }

    /// <summary>Metric tag.</summary>
    public KeyValuePair<string, object?> Tag { get; } = new("stream", definition.Name);
}

/// <summary>The silo's declared streams (singleton; built from validated <see cref="StreamingOptions"/>).</summary>
internal sealed class StreamCatalog
{
    private readonly Lazy<Dictionary<string, DeclaredStream>> _streams;

    public StreamCatalog(IOptions<StreamingOptions> options, IServiceProvider services)
    {
        _streams = new(() =>
        {
            var declared = options.Value.Streams;
            var outputs = declared.Values.Select(s => s.Output).Where(o => !string.IsNullOrEmpty(o)).ToHashSet(StringComparer.Ordinal);
            var streams = declared.ToDictionary(
                s => s.Key,
                s =>
                {
                    var definition = s.Value.ToDefinition(s.Key, outputs.Contains(s.Key));
                    var processor = services.GetRequiredKeyedService<object>(ProcessorRegistration.ServiceKey(definition.Processor));
                    return new DeclaredStream(definition, ProcessorBinding.For(definition.Processor, processor), options.Value.MaxKeysPerPartition, options.Value.MaxEventTimeAheadMs);
                },
                StringComparer.Ordinal);
            foreach (var stream in streams.Values)
            {
                stream.Output = stream.Definition.Output is { } output ? streams[output] : null;
            }

            return streams;
        });
    }

    public IEnumerable<StreamDefinition> Definitions => _streams.Value.Values.Select(s => s.Definition);

    public bool TryGet(string name, [NotNullWhen(true)] out DeclaredStream? stream) => _streams.Value.TryGetValue(name, out stream);
}
