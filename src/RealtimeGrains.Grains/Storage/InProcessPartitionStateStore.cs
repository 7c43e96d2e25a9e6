using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Storage;

/// <summary>Partition state in an <see cref="InProcessStore"/>: every silo of the process opens and commits the same partitions.</summary>
internal sealed class InProcessPartitionStateStore(InProcessStore store) : IPartitionStateStore
{
    public Task<StoredPartition> OpenAsync(StateScope scope, string owner) => Task.FromResult(store.Partitions.Use(p => p.Open(scope, owner)));

    public Task CommitAsync(StateScope scope, string owner, StateCommit commit)
    {
        store.Partitions.Use(p =>
        {
            p.Commit(scope, owner, commit);
            return true;
        });
        return Task.CompletedTask;
    }
}
