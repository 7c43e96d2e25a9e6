using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>
/// A registered processor instance and how to run it on a partition: its state and output types are found once,
/// here, so the partition grain drives it through <see cref="IProcessorRuntime"/> without knowing them.
/// </summary>
internal abstract class ProcessorBinding
{
    public abstract string Name { get; }

    public abstract Type StateType { get; }

    public abstract IProcessorRuntime Bind(DeclaredStream stream, int partition, EffectOutbox outbox, StreamCatalog catalog, Serializer serializer, ILogger logger);

    /// <summary>Binds <paramref name="processor"/>, which must derive from <see cref="KeyedProcessor{TState,TOutput}"/>.</summary>
    /// <exception cref="InvalidOperationException">It does not.</exception>
    public static ProcessorBinding For(string name, object processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        for (var type = processor.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyedProcessor<,>))
            {
                var binding = typeof(ProcessorBinding<,>).MakeGenericType(type.GetGenericArguments());
                return (ProcessorBinding)Activator.CreateInstance(binding, BindingFlags.Public | BindingFlags.Instance, null, [name, processor], null)!;
            }
        }

        throw new InvalidOperationException($"processor '{name}' ({processor.GetType().FullName}) does not derive from KeyedProcessor<TState, TOutput>");
    }
}

internal sealed class ProcessorBinding<TState, TOutput>(string name, KeyedProcessor<TState, TOutput> processor) : ProcessorBinding
{
    public override string Name => name;

    public override Type StateType => typeof(TState);

    public override IProcessorRuntime Bind(DeclaredStream stream, int partition, EffectOutbox outbox, StreamCatalog catalog, Serializer serializer, ILogger logger) =>
        new ProcessorRuntime<TState, TOutput>(processor, stream, partition, outbox, catalog, serializer, logger);
}
