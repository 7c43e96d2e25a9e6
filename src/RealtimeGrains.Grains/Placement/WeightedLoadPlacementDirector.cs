using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Placement;

/// <summary>Places on the compatible silo with the lowest load per unit of capacity (see <see cref="LoadScorer"/>).</summary>
internal sealed class WeightedLoadPlacementDirector(ClusterLoadView view, IOptions<PlacementOptions> options) : IPlacementDirector
{
    private readonly LoadScorer _scorer = new(options.Value);
    private readonly Lock _gate = new();
    private readonly Random _sampling = new(17);

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        SiloAddress chosen;
        lock (_gate)
        {
            // Scoring and counting under one lock: concurrent placements see each other's counts.
            chosen = silos[_scorer.Choose(view.Candidates(silos), _sampling)];
            view.RecordPlacement(chosen);
        }

        PlacementMetrics.Decision("weighted", chosen);
        return Task.FromResult(chosen);
    }
}
