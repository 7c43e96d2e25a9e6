using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using RealtimeGrains.Streaming;
using RealtimeGrains.Scheduling.Handlers;

namespace RealtimeGrains.Scheduling;

/// <summary>Silo registration of task scheduling; <c>AddRealtimeGrains()</c> calls <see cref="AddTaskScheduling"/>.</summary>
public static class SchedulingSiloBuilderExtensions
{
    /// <summary>
    /// Adds the scheduler and task grains, the built-in handlers (<c>sleep</c>, <c>spin</c>, <c>echo</c>,
    /// <c>crc32</c>) and the <c>rtg-tasks</c> memory stream provider. Their options
    /// (<see cref="SchedulerOptions"/>) come with <c>AddRealtimeGrains()</c>.
    /// </summary>
    public static ISiloBuilder AddTaskScheduling(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<TaskHandlerRegistry>();
        builder.Services.TryAddSingleton<AttemptTimeouts>();
        builder.AddTaskHandler<SleepTaskHandler>()
            .AddTaskHandler<SpinTaskHandler>()
            .AddTaskHandler<EchoTaskHandler>()
            .AddTaskHandler<Crc32TaskHandler>();
        builder.AddMemoryStreams(TaskStreams.Provider, streams =>
        {
            streams.ConfigureStreamPubSub(StreamPubSubType.ExplicitGrainBasedOnly);
            streams.ConfigurePullingAgent(agent => agent.Configure<IOptions<StreamingOptions>>((o, streaming) =>
                o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(streaming.Value.PullPeriodMs)));
            // Status changes are best effort and delivered within milliseconds: the agent's cache need not keep
            // minutes of them (Orleans' default keeps 30 minutes: gigabytes on a busy queue).
            streams.ConfigureCacheEviction(eviction => eviction.Configure<IOptions<StreamingOptions>>((o, streaming) =>
            {
                o.DataMinTimeInCache = TimeSpan.FromMilliseconds(streaming.Value.CacheRetentionMs / 2.0);
                o.DataMaxAgeInCache = TimeSpan.FromMilliseconds(streaming.Value.CacheRetentionMs);
            }));
        });
        return builder;
    }

    /// <summary>Registers a task handler (a singleton) under its <see cref="ITaskHandler.Name"/>; every silo must register the same handlers.</summary>
    public static ISiloBuilder AddTaskHandler<THandler>(this ISiloBuilder builder)
        where THandler : class, ITaskHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ITaskHandler, THandler>();
        return builder;
    }
}
