namespace RealtimeGrains.Storage;

/// <summary>One stored state in its serialized form, with the ETag that must accompany its next write or delete.</summary>
[GenerateSerializer, Immutable, Alias("rtg.memory-store-record")]
internal sealed record MemoryStoreRecord(
    [property: Id(0)] byte[] Data,
    [property: Id(1)] string? ETag);
