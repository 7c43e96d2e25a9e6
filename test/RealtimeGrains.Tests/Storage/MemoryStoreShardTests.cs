using Microsoft.Extensions.Time.Testing;
using RealtimeGrains.Storage;

namespace RealtimeGrains.Tests.Storage;

public sealed class MemoryStoreShardTests
{
    private static readonly byte[] Data = [1, 2, 3];
    private readonly FakeTimeProvider _time = new();

    private static string Write(MemoryStoreShard shard, string key, string? etag = null)
    {
        Assert.True(shard.TryWrite(key, Data, etag, out var written), $"write of {key} refused");
        return written;
    }

    [Fact]
    public void Read_PastRetentionSinceLastWrite_ReturnsNothing()
    {
        var shard = new MemoryStoreShard(_time, TimeSpan.FromMinutes(10), maxRecords: 0);
        var etag = Write(shard, "a");
        _time.Advance(TimeSpan.FromMinutes(6));
        Write(shard, "a", etag);
        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.NotNull(shard.Read("a"));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(shard.Read("a"));
        Assert.Equal(0, shard.Count);
    }

    [Fact]
    public void Sweep_SomeExpired_DropsExactlyTheExpired()
    {
        var shard = new MemoryStoreShard(_time, TimeSpan.FromMinutes(1), maxRecords: 0);
        Write(shard, "old-1");
        Write(shard, "old-2");
        _time.Advance(TimeSpan.FromSeconds(30));
        Write(shard, "new");
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(2, shard.Sweep());
        Assert.Equal(1, shard.Count);
        Assert.NotNull(shard.Read("new"));
        Assert.Equal(2, shard.Dropped);
    }

    [Fact]
    public void TryWrite_OverCap_DropsOldestWrittenFirst()
    {
        var shard = new MemoryStoreShard(_time, retention: null, maxRecords: 3);
        var a = Write(shard, "a");
        Write(shard, "b");
        Write(shard, "c");
        Write(shard, "a", a);
        Write(shard, "d");

        Assert.Equal(3, shard.Count);
        Assert.Null(shard.Read("b"));
        Assert.NotNull(shard.Read("a"));
        Assert.NotNull(shard.Read("c"));
        Assert.NotNull(shard.Read("d"));
    }

    [Fact]
    public void TryWrite_ManyMoreThanCap_HoldsCap()
    {
        var shard = new MemoryStoreShard(_time, TimeSpan.FromDays(1), maxRecords: 100);
        for (var i = 0; i < 10_000; i++)
        {
            Write(shard, $"task-{i}");
        }

        Assert.Equal(100, shard.Count);
        Assert.Equal(9_900, shard.Dropped);
        Assert.NotNull(shard.Read("task-9999"));
        Assert.Null(shard.Read("task-9899"));
    }

    [Fact]
    public void TryWrite_StaleOrMissingETagOnStoredRecord_Refused()
    {
        var shard = new MemoryStoreShard(_time, retention: null, maxRecords: 0);
        var first = Write(shard, "a");
        var second = Write(shard, "a", first);

        Assert.False(shard.TryWrite("a", Data, first, out _));
        Assert.False(shard.TryWrite("a", Data, null, out _));
        Assert.NotEqual(first, second);
        Assert.Equal(second, shard.Read("a")!.ETag);
    }

    [Fact]
    public void TryWrite_NoStoredRecord_AcceptsAnyETag()
    {
        var shard = new MemoryStoreShard(_time, retention: null, maxRecords: 0);

        Assert.True(shard.TryWrite("a", Data, "etag-from-a-shard-lost-with-its-silo", out _));
    }

    [Fact]
    public void TryDelete_MatchingETag_RemovesRecordWithoutTombstone()
    {
        var shard = new MemoryStoreShard(_time, retention: null, maxRecords: 0);
        for (var i = 0; i < 1_000; i++)
        {
            var etag = Write(shard, $"journal/{i}");
            Assert.True(shard.TryDelete($"journal/{i}", etag));
        }

        Assert.Equal(0, shard.Count);
        Assert.Null(shard.Read("journal/0"));
    }

    [Fact]
    public void TryDelete_StaleETag_KeepsRecord()
    {
        var shard = new MemoryStoreShard(_time, retention: null, maxRecords: 0);
        var first = Write(shard, "a");
        Write(shard, "a", first);

        Assert.False(shard.TryDelete("a", first));
        Assert.NotNull(shard.Read("a"));
    }
}
