namespace RealtimeGrains.Client.Cluster;

/// <summary>One silo as <c>rtg cluster</c> shows it.</summary>
public sealed record SiloStatusRow(
    string Address,
    string Name,
    string Status,
    int? Activations,
    double? CpuPercent,
    long? MemoryBytes,
    double? Capacity,
    int? RunningTasks,
    int? TaskSlots);
