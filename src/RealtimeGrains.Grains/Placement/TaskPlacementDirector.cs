using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Placement;

/// <summary>Places task grains with the strategy <c>RealtimeGrains:Placement:TaskStrategy</c> names.</summary>
internal sealed class TaskPlacementDirector(IServiceProvider services, IOptions<PlacementOptions> options) : IPlacementDirector
{
    private readonly Lazy<(PlacementStrategy Strategy, IPlacementDirector Director)> _inner = new(() =>
    {
        PlacementStrategy strategy = options.Value.TaskStrategy.ToUpperInvariant() switch
        {
            "WEIGHTED" => new WeightedLoadPlacementStrategy(),
            "ROUND-ROBIN" => new RoundRobinPlacementStrategy(),
            "RANDOM" => new RandomPlacement(),
            "ACTIVATION-COUNT" => new ActivationCountBasedPlacement(),
            _ => new ResourceOptimizedPlacement(),
        };
        return (strategy, services.GetRequiredKeyedService<IPlacementDirector>(strategy.GetType()));
    });

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var (inner, director) = _inner.Value;
        var chosen = await director.OnAddActivation(inner, target, context);
        if (inner is not (WeightedLoadPlacementStrategy or RoundRobinPlacementStrategy))
        {
            PlacementMetrics.Decision(options.Value.TaskStrategy, chosen);
        }

        return chosen;
    }
}
