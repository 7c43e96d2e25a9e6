using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RealtimeGrains.Hosting;

namespace RealtimeGrains.Placement;

/// <summary>Silo registration of the load-balanced placement strategies and the cluster load view.</summary>
internal static class PlacementSiloBuilderExtensions
{
    internal static ISiloBuilder AddLoadBalancedPlacement(this ISiloBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<PlacementOptions>>(new OptionsValidation<PlacementOptions>(o => o.Validate()));
        builder.Services.AddOptions<GrainDirectoryOptions>().Configure<IOptions<PlacementOptions>>((directory, placement) =>
            directory.CacheSize = placement.Value.DirectoryCacheSize);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LocalTaskLoad>();
        builder.Services.AddSingleton<ClusterLoadView>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ClusterLoadView>());
        builder.AddPlacementDirector<WeightedLoadPlacementStrategy, WeightedLoadPlacementDirector>();
        builder.AddPlacementDirector<RoundRobinPlacementStrategy, RoundRobinPlacementDirector>();
        builder.AddPlacementDirector<TaskPlacementStrategy, TaskPlacementDirector>();
        return builder;
    }
}
