using Orleans.Placement;

namespace RealtimeGrains.Placement;

/// <summary>Places new activations on the compatible silos in turn (sorted by address).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("rtg.round-robin-placement")]
public sealed class RoundRobinPlacementStrategy : PlacementStrategy;

/// <summary>Marks a grain class for <see cref="RoundRobinPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RoundRobinPlacementAttribute() : PlacementAttribute(new RoundRobinPlacementStrategy());
