using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.State;
using static RealtimeGrains.Tests.Streaming.State.StateTesting;

namespace RealtimeGrains.Tests.Streaming.State;

public sealed class PartitionStateTableTests
{
    [Fact]
    public void Checkpoint_FewKeysChangedAmongMany_WritesOnlyThoseKeys()
    {
        var (table, shard) = Filled(keys: 50_000);
        var perKey = Checkpoint(table, shard, "o").Bytes / 50_000.0;

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                Increment(table, $"k{i * 397}");
            }

            var commit = Checkpoint(table, shard, "o");

            Assert.DoesNotContain(commit.Buckets, b => b.Segment is not null);
            Assert.InRange(commit.Bytes, 100 * perKey * 0.5, (100 * perKey * 2) + 64);
        }
    }

    [Fact]
    public void Checkpoint_SameHotKeysEveryTime_NeverCompactsTheirBuckets()
    {
        var (table, shard) = Filled(keys: 20_000);
        Checkpoint(table, shard, "o");

        var segments = 0;
        for (var round = 0; round < 2_000; round++)
        {
            Increment(table, "k1");
            Increment(table, "k2");
            segments += Checkpoint(table, shard, "o").Buckets.Count(b => b.Segment is not null);
        }

        Assert.Equal(0, segments);
    }

    [Fact]
    public void Checkpoint_ManyKeysChangedInABucket_CompactsItAndLoadGivesTheSameState()
    {
        var (table, shard) = Filled(keys: 10_000);
        Checkpoint(table, shard, "o");
        for (var i = 0; i < 10_000; i += 2)
        {
            Increment(table, $"k{i}");
        }

        var commit = Checkpoint(table, shard, "o");

        Assert.Contains(commit.Buckets, b => b.Segment is not null);
        var loaded = Table(Scope(), Buckets);
        loaded.Load(shard.Open(Scope(), "p"));
        Assert.Equal(10_000, loaded.Count);
        Assert.True(loaded.TryGet(Partitioner().Bucket("k2"), "k2"u8, out var k2));
        Assert.Equal(2, k2.State);
        Assert.True(loaded.TryGet(Partitioner().Bucket("k3"), "k3"u8, out var k3));
        Assert.Equal(1, k3.State);
    }

    [Fact]
    public void CompactIdle_DeltasLeftByABurst_FoldedIntoSegmentsAndStoreShrinks()
    {
        var (table, shard) = Filled(keys: 10_000);
        Checkpoint(table, shard, "o");
        for (var i = 10_000; i < 13_000; i++)
        {
            Increment(table, $"k{i}");
        }

        Checkpoint(table, shard, "o");
        var before = shard.Bytes;

        var compacted = 0;
        while (table.CompactIdle(minFields: 16, scan: 8, budgetBytes: 1 << 20))
        {
            compacted += Checkpoint(table, shard, "o").Buckets.Count(b => b.Segment is not null);
        }

        Assert.True(compacted > 0, "some bucket was compacted");
        Assert.True(shard.Bytes < before, $"the store shrank: {before} -> {shard.Bytes} bytes");
        var loaded = Table(Scope(), Buckets);
        loaded.Load(shard.Open(Scope(), "p"));
        Assert.Equal(13_000, loaded.Count);
    }

    [Fact]
    public void Load_SegmentWithAFlippedByte_ThrowsNamingStreamPartitionAndSegment()
    {
        var (table, shard) = Filled(keys: 10_000);
        var commit = Checkpoint(table, shard, "o");
        var folded = commit.Buckets.First(b => b.Segment is not null);
        var stored = shard.Open(Scope(), "p");
        var bucket = stored.Buckets.Single(b => b.Bucket == folded.Bucket);
        var corrupt = bucket.Segment!.ToArray();
        corrupt[corrupt.Length / 2] ^= 0x40;
        stored.Buckets[stored.Buckets.IndexOf(bucket)] = bucket with { Segment = corrupt };

        var error = Assert.Throws<StateCorruptedException>(() => Table(Scope(), Buckets).Load(stored));

        Assert.Equal(("s", 0, folded.Bucket), (error.Stream, error.Partition, error.Segment));
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        Assert.Contains($"segment {folded.Bucket}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedDeltaValue_Throws()
    {
        var table = Table(Scope(), Buckets);
        var shard = new MemoryStateShard();
        shard.Open(Scope(), "o");
        Increment(table, "only");
        Checkpoint(table, shard, "o");
        var stored = shard.Open(Scope(), "p");
        var bucket = stored.Buckets.Single();
        var entries = new DeltaEntries.Writer();
        var reader = new DeltaEntries.Reader(bucket.Delta);
        Assert.True(reader.TryRead(out var key, out var value));
        entries.Add(key, value[..^1]);
        stored.Buckets[0] = bucket with { Delta = entries.ToArray() };

        var error = Assert.Throws<StateCorruptedException>(() => Table(Scope(), Buckets).Load(stored));

        Assert.Equal(bucket.Bucket, error.Segment);
    }

    [Fact]
    public void Load_StreamBucketCountChanged_RefusedWithHowToFix()
    {
        var (table, shard) = Filled(keys: 10_000);
        Checkpoint(table, shard, "o");
        var stored = shard.Open(Scope(), "p");
        var wider = Scope() with { EndBucket = Buckets * 2 };

        var error = Assert.Throws<StateCorruptedException>(() => Table(wider, Buckets * 2).Load(stored));

        Assert.Contains($"set it back to {Buckets}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expire_KeysOlderThanCutoff_RemovedAndCheckpointedAsTombstones()
    {
        var table = Table(Scope(), Buckets);
        var shard = new MemoryStateShard();
        shard.Open(Scope(), "o");
        Increment(table, "old", now: 10);
        Increment(table, "new", now: 100);
        Checkpoint(table, shard, "o");

        Assert.Equal(1, table.Expire(cutoff: 50, budget: 1_000));
        Checkpoint(table, shard, "o");

        var loaded = Table(Scope(), Buckets);
        loaded.Load(shard.Open(Scope(), "p"));
        Assert.Equal(Keys("new"), Counts(loaded, ["old", "new"]).Keys);
    }

    [Fact]
    public void Checkpoint_FailedWrite_NextCheckpointCarriesTheSameChanges()
    {
        var table = Table(Scope(), Buckets);
        var shard = new MemoryStateShard();
        shard.Open(Scope(), "o");
        Increment(table, "a");
        Increment(table, "b");
        table.Failed(table.TakeChanges());
        Assert.True(Remove(table, "b"));

        Checkpoint(table, shard, "o");

        var loaded = Table(Scope(), Buckets);
        loaded.Load(shard.Open(Scope(), "p"));
        Assert.Equal(Keys("a"), Counts(loaded, ["a", "b"]).Keys);
    }

    private static string[] Keys(params string[] keys) => keys;

    private static (PartitionStateTable<long> Table, MemoryStateShard Shard) Filled(int keys)
    {
        var table = Table(Scope(), Buckets);
        var shard = new MemoryStateShard();
        shard.Open(Scope(), "o");
        for (var i = 0; i < keys; i++)
        {
            Increment(table, $"k{i}");
        }

        return (table, shard);
    }
}
