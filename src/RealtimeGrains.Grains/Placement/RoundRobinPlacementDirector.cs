using Orleans.Runtime.Placement;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Placement;

/// <summary>Places on the compatible silos in turn, in address order.</summary>
internal sealed class RoundRobinPlacementDirector : IPlacementDirector
{
    private long _next = -1;

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        var chosen = silos[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)silos.Length)];
        PlacementMetrics.Decision("round-robin", chosen);
        return Task.FromResult(chosen);
    }
}
