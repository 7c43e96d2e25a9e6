namespace RealtimeGrains.Placement;

/// <summary>One compatible silo as the scorer sees it.</summary>
internal readonly record struct LoadCandidate(
    string Silo,
    double Capacity,
    double CpuFraction,
    double MemoryFraction,
    long Activations,
    int RunningTasks,
    bool Overloaded,
    int PlacedSinceRefresh);
