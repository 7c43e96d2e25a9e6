using System.Text;
using RealtimeGrains.Partitioning;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Tests.Streaming.State;

/// <summary>Builds partition state tables over a small hash stream and drives them like a partition grain does.</summary>
internal static class StateTesting
{
    public const int Buckets = 64;

    public static StateScope Scope(int partitions = 1, int partition = 0, string stream = "s") =>
        StateScope.Of(new StreamDefinition { Name = stream, Processor = "count", Buckets = Buckets, Partitions = partitions }, partition);

    /// <summary>A table of counts (the <c>count</c> processor's state) for <paramref name="scope"/>.</summary>
    public static PartitionStateTable<long> Table(StateScope scope, int buckets = Buckets) => new(scope, buckets, RealtimeGrains.Streaming.Processing.Int64StateCodec.Instance);

    public static Partitioner Partitioner(int partitions = 1) => new(Buckets, partitions);

    /// <summary>Adds one to <paramref name="name"/>'s count (creating it), as the count processor does.</summary>
    public static void Increment(PartitionStateTable<long> table, string name, uint now = 1)
    {
        var key = Encoding.UTF8.GetBytes(name);
        var bucket = Partitioner().Bucket(key);
        ref var entry = ref table.Find(bucket, key);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
        {
            table.Add(bucket, key, 1, now);
            return;
        }

        entry.State++;
        table.Changed(bucket, key, ref entry, now);
    }

    public static bool Remove(PartitionStateTable<long> table, string key) => table.Remove(Partitioner().Bucket(key), Encoding.UTF8.GetBytes(key));

    /// <summary>Writes the table's changes to <paramref name="shard"/>; returns the commit.</summary>
    public static StateCommit Checkpoint(PartitionStateTable<long> table, MemoryStateShard shard, string owner)
    {
        var changes = table.TakeChanges();
        var commit = new StateCommit { Buckets = changes.Writes };
        try
        {
            shard.Commit(table.Scope, owner, commit);
        }
        catch
        {
            table.Failed(changes);
            throw;
        }

        return commit;
    }

    /// <summary>Every key's count held by <paramref name="table"/> (looking up <paramref name="candidates"/>).</summary>
    public static Dictionary<string, long> Counts(PartitionStateTable<long> table, IEnumerable<string> candidates)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var key in candidates)
        {
            var bucket = Partitioner().Bucket(key);
            if (table.TryGet(bucket, Encoding.UTF8.GetBytes(key), out var entry))
            {
                counts[key] = entry.State;
            }
        }

        return counts;
    }
}
