using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.ClusterTests.Streaming;

/// <summary>
/// Partition state that outlives a test cluster: the embedded store's own logic (<see cref="MemoryStateShard"/>)
/// in one instance shared by every silo of every cluster a test deploys, as a durable store is.
/// </summary>
internal sealed class SharedStateStore : IPartitionStateStore
{
    private readonly MemoryStateShard _shard = new();
    private readonly Lock _lock = new();

    public Task<StoredPartition> OpenAsync(StateScope scope, string owner)
    {
        lock (_lock)
        {
            return Task.FromResult(_shard.Open(scope, owner));
        }
    }

    public Task CommitAsync(StateScope scope, string owner, StateCommit commit)
    {
        lock (_lock)
        {
            _shard.Commit(scope, owner, commit);
        }

        return Task.CompletedTask;
    }
}
