using Orleans.Placement;

namespace RealtimeGrains.Placement;

/// <summary>
/// Task grains' placement: whichever strategy <c>RealtimeGrains:Placement:TaskStrategy</c> names (weighted,
/// round-robin, random, activation-count, resource-optimized), so one workload can run under each.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("rtg.task-placement")]
public sealed class TaskPlacementStrategy : PlacementStrategy;

/// <summary>Marks a grain class for <see cref="TaskPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TaskPlacementAttribute() : PlacementAttribute(new TaskPlacementStrategy());
