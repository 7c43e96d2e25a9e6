using RealtimeGrains.Streaming.State;
using static RealtimeGrains.Tests.Streaming.State.StateTesting;

namespace RealtimeGrains.Tests.Streaming.State;

/// <summary>
/// Random runs of changes, checkpoints (some failing cleanly, some failing after the store applied them),
/// compaction (a tiny budget, so folds are deferred too) and crashes: what a new owner loads always equals the
/// state of the last checkpoint the store applied, and the crashed owner can no longer write.
/// </summary>
public sealed class StateRecoveryPropertyTests
{
    private static readonly string[] Keys = [.. Enumerable.Range(0, 300).Select(i => $"key-{i}")];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void RandomCheckpointsCompactionsAndCrashes_RecoveryEqualsLastAppliedCheckpoint(int seed)
    {
        var random = new Random(seed);
        var shard = new MemoryStateShard();
        var owner = "owner-0";
        shard.Open(Scope(), owner);
        var table = new PartitionStateTable<long>(Scope(), Buckets, RealtimeGrains.Streaming.Processing.Int64StateCodec.Instance, foldBudgetBytes: random.Next(1, 4) * 300, minFoldFields: 2);
        var live = new Dictionary<string, long>(StringComparer.Ordinal);
        var durable = new Dictionary<string, long>(StringComparer.Ordinal);
        var compactions = 0;
        for (var step = 0; step < 2_000; step++)
        {
            var roll = random.Next(100);
            if (roll < 70)
            {
                // Skewed keys: a few hot ones, a long tail, so buckets both fold and stay small.
                var key = Keys[random.Next(100) < 50 ? random.Next(10) : random.Next(Keys.Length)];
                Increment(table, key);
                live[key] = live.GetValueOrDefault(key) + 1;
            }
            else if (roll < 75)
            {
                var key = Keys[random.Next(Keys.Length)];
                Assert.Equal(live.Remove(key), Remove(table, key));
            }
            else if (roll < 93)
            {
                var fault = random.Next(10);
                var changes = table.TakeChanges();
                compactions += changes.Writes.Count(w => w.Segment is not null);
                var commit = new StateCommit { Buckets = changes.Writes };
                if (fault == 0)
                {
                    table.Failed(changes); // the write never reached the store
                    continue;
                }

                shard.Commit(table.Scope, owner, commit);
                durable = new Dictionary<string, long>(live, StringComparer.Ordinal);
                if (fault == 1)
                {
                    table.Failed(changes); // applied, but the caller saw a timeout
                }
            }
            else
            {
                var stale = table;
                var staleOwner = owner;
                owner = $"owner-{step + 1}";
                table = new PartitionStateTable<long>(Scope(), Buckets, RealtimeGrains.Streaming.Processing.Int64StateCodec.Instance, foldBudgetBytes: random.Next(1, 4) * 300, minFoldFields: 2);
                table.Load(shard.Open(Scope(), owner));
                Assert.Equal(durable.OrderBy(p => p.Key), Counts(table, Keys).OrderBy(p => p.Key));
                Assert.Equal(durable.Count, table.Count);
                Increment(stale, "after-crash");
                Assert.Throws<StateFencedException>(() => Checkpoint(stale, shard, staleOwner));
                live = new Dictionary<string, long>(durable, StringComparer.Ordinal);
            }
        }

        Assert.True(compactions > 0, "the run compacted some buckets");
    }

    [Fact]
    public void PartitionCountChanged_EachNewPartitionLoadsExactlyTheKeysOfItsBuckets()
    {
        var shard = new MemoryStateShard();
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var p = 0; p < 2; p++)
        {
            var scope = Scope(partitions: 2, partition: p);
            shard.Open(scope, "a");
            var table = Table(scope);
            foreach (var key in Keys.Where(k => Partitioner(2).Partition(k) == p))
            {
                for (var i = 0; i <= key.Length % 3; i++)
                {
                    Increment(table, key);
                }

                expected[key] = (key.Length % 3) + 1;
            }

            Checkpoint(table, shard, "a");
        }

        foreach (var partitions in new[] { 4, 1 })
        {
            var loaded = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var p = 0; p < partitions; p++)
            {
                var table = Table(Scope(partitions, p));
                table.Load(shard.Open(Scope(partitions, p), "b"));
                var counts = Counts(table, Keys);
                Assert.All(counts.Keys, k => Assert.Equal(p, Partitioner(partitions).Partition(k)));
                foreach (var (key, count) in counts)
                {
                    loaded.Add(key, count);
                }
            }

            Assert.Equal(expected.OrderBy(p => p.Key), loaded.OrderBy(p => p.Key));
        }
    }
}
