using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Streams;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Client.Scheduling;

/// <summary>Client registration of task scheduling; <c>AddRealtimeGrainsClient()</c> calls it.</summary>
public static class SchedulingClientBuilderExtensions
{
    /// <summary>Adds the <c>rtg-tasks</c> stream provider (to watch queues) and <see cref="TaskClient"/>.</summary>
    public static IClientBuilder AddTaskSchedulingClient(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddMemoryStreams(TaskStreams.Provider, streams => streams.ConfigureStreamPubSub(StreamPubSubType.ExplicitGrainBasedOnly));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<TaskClient>();
        return builder;
    }
}
