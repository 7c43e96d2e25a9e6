using RealtimeGrains.Placement;

namespace RealtimeGrains.ClusterTests.Placement;

public interface IPlacementProbeGrain : IGrainWithIntegerKey
{
    Task<string> Silo();
}

/// <summary>A grain placed by weighted load that tells where it lives.</summary>
[WeightedLoadPlacement]
public sealed class PlacementProbeGrain(ILocalSiloDetails silo) : Grain, IPlacementProbeGrain
{
    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToParsableString());
}

public interface IRoundRobinProbeGrain : IGrainWithIntegerKey
{
    Task<string> Silo();
}

/// <summary>A grain placed round-robin that tells where it lives.</summary>
[RoundRobinPlacement]
public sealed class RoundRobinProbeGrain(ILocalSiloDetails silo) : Grain, IRoundRobinProbeGrain
{
    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToParsableString());
}
