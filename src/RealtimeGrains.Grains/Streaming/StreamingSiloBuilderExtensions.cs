using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RealtimeGrains.Streaming.Processing;
using RealtimeGrains.Streaming.Processors;

namespace RealtimeGrains.Streaming;

/// <summary>Silo registration of keyed event streaming and its processors.</summary>
public static class StreamingSiloBuilderExtensions
{
    /// <summary>
    /// Registers a processor (a <see cref="KeyedProcessor{TState,TOutput}"/> or
    /// <see cref="KeyedProcessor{TEvent,TState,TOutput}"/>) under <paramref name="name"/> so streams can declare it.
    /// One instance, created by dependency injection, serves every partition.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="TProcessor"/> is not a keyed processor.</exception>
    public static ISiloBuilder AddKeyedProcessor<TProcessor>(this ISiloBuilder builder, string name)
        where TProcessor : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!IsProcessor(typeof(TProcessor)))
        {
            throw new ArgumentException($"{typeof(TProcessor).FullName} does not derive from KeyedProcessor<TState, TOutput> (or KeyedProcessor<TEvent, TState, TOutput>)", nameof(TProcessor));
        }

        builder.Services.AddKeyedSingleton<object, TProcessor>(ProcessorRegistration.ServiceKey(name));
        builder.Services.AddSingleton(new ProcessorRegistration(name, typeof(TProcessor)));
        return builder;
    }

    private static bool IsProcessor(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(KeyedProcessor<,>))
            {
                return !type.IsAbstract;
            }
        }

        return false;
    }

    internal static ISiloBuilder AddEventStreaming(this ISiloBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<StreamingOptions>, StreamingOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StreamCatalog>();
        builder.AddKeyedProcessor<CountProcessor>("count");
        builder.AddKeyedProcessor<SumProcessor>("sum");
        builder.AddKeyedProcessor<LastProcessor>("last");
        builder.AddKeyedProcessor<NoneProcessor>("none");
        builder.AddKeyedProcessor<TaskProcessor>("task");
        builder.AddKeyedProcessor<WindowProcessor>("window");
        builder.AddKeyedProcessor<ThresholdProcessor>("threshold");

        return builder;
    }
}
