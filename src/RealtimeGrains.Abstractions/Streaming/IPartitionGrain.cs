namespace RealtimeGrains.Streaming;

/// <summary>
/// Owns one partition (a contiguous bucket range) of a stream and the per-key state of its keys. Key:
/// <c>{stream}/{partition}</c>. Batches arrive on the Orleans stream with the same namespace and key.
/// </summary>
public interface IPartitionGrain : IGrainWithStringKey
{
    /// <summary>State of one key, or null if the key has no events.</summary>
    Task<KeyStateView?> GetKey(string key);

    /// <summary>This partition's counters.</summary>
    Task<PartitionStats> GetStats();
}
