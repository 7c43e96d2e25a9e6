namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>
/// One sample of a soak: process memory, cluster activations, throughput over the interval since the last
/// sample, cumulative counters, and Redis memory and keys when the cluster keeps its state there.
/// </summary>
internal sealed record SoakSample(
    double ElapsedSeconds,
    double RssMb,
    double GcHeapMb,
    double ManagedMb,
    int Gen2Collections,
    long Activations,
    double EventsPerSecond,
    double TasksPerSecond,
    long EventsAcked,
    long TasksCompleted,
    int TasksPending,
    long KeysHeld,
    double? RedisUsedMb,
    long? RedisKeys);
