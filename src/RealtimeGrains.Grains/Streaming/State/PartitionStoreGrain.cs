using Orleans.Placement;

namespace RealtimeGrains.Streaming.State;

/// <summary>
/// The embedded default's home of one partition's state: a <see cref="MemoryStateShard"/> kept alive for the life
/// of its silo, placed on the silo that first opens it (the partition's, so checkpoints are local calls). It
/// outlives the partition grain's activations; like all memory storage it is lost with its silo.
/// </summary>
[KeepAlive]
[PreferLocalPlacement]
internal sealed class PartitionStoreGrain : Grain, IPartitionStoreGrain
{
    private readonly MemoryStateShard _shard = new();

    public Task<StoredPartition> Open(StateScope scope, string owner) => Task.FromResult(_shard.Open(scope, owner));

    public Task Commit(StateScope scope, string owner, StateCommit commit)
    {
        _shard.Commit(scope, owner, commit);
        return Task.CompletedTask;
    }
}

/// <summary>The embedded default store: one <see cref="PartitionStoreGrain"/> per partition.</summary>
internal sealed class MemoryPartitionStateStore(IGrainFactory grains) : IPartitionStateStore
{
    public Task<StoredPartition> OpenAsync(StateScope scope, string owner) => Grain(scope).Open(scope, owner);

    public Task CommitAsync(StateScope scope, string owner, StateCommit commit) => Grain(scope).Commit(scope, owner, commit);

    private IPartitionStoreGrain Grain(StateScope scope) => grains.GetGrain<IPartitionStoreGrain>(scope.PartitionName);
}
