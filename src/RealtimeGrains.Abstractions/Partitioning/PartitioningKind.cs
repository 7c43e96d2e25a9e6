namespace RealtimeGrains.Partitioning;

/// <summary>How a stream's keys are assigned to partitions.</summary>
public enum PartitioningKind
{
    /// <summary>XxHash3 of the key's UTF-8 bytes → bucket → contiguous bucket range per partition.</summary>
    Hash = 0,

    /// <summary>Sorted boundaries: keys in [boundary[p-1], boundary[p]) go to partition p (ordinal order).</summary>
    Range = 1,
}
