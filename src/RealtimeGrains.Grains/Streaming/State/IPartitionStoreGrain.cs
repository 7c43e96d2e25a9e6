namespace RealtimeGrains.Streaming.State;

/// <summary>Holds one partition's state in memory (key: the partition's <see cref="StateScope.PartitionName"/>).</summary>
internal interface IPartitionStoreGrain : IGrainWithStringKey
{
    Task<StoredPartition> Open(StateScope scope, string owner);

    Task Commit(StateScope scope, string owner, StateCommit commit);
}
