using Orleans.Placement;

namespace RealtimeGrains.Placement;

/// <summary>Places a new activation on the compatible silo with the lowest load per unit of capacity.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("rtg.weighted-load-placement")]
public sealed class WeightedLoadPlacementStrategy : PlacementStrategy;

/// <summary>Marks a grain class for <see cref="WeightedLoadPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class WeightedLoadPlacementAttribute() : PlacementAttribute(new WeightedLoadPlacementStrategy());
