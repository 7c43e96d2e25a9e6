using System.Text;
using RealtimeGrains.Hosting;
using RealtimeGrains.Streaming.State;
using RealtimeGrains.SystemTests.Infrastructure;
using StackExchange.Redis;

namespace RealtimeGrains.SystemTests.Storage;

/// <summary><see cref="RedisPartitionStateStore"/> against a real redis-server; each test uses a stream of its own.</summary>
public sealed class RedisPartitionStateStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Commit_then_open_returns_the_same_segments_deltas_and_fields()
    {
        await using var store = Store();
        var scope = Scope(NewStream());
        await store.OpenAsync(scope, "a");
        var guidField = $"p:{Guid.NewGuid()}";
        await store.CommitAsync(scope, "a", new StateCommit
        {
            Buckets =
            [
                new BucketWrite { Bucket = 1, Segment = Bytes("segment-1"), Entries = Entries(("k1", "v1")) },
                new BucketWrite { Bucket = 3, Entries = Entries(("k2", "v2"), ("k3", "v3")) },
                new BucketWrite { Bucket = 5, Segment = Bytes("segment-5") },
            ],
            Fields = { ["c"] = Bytes("42"), [guidField] = Bytes("window") },
        });
        // A later delta sets the latest value of a key and adds others; the segment stays.
        await store.CommitAsync(scope, "a", new StateCommit { Buckets = [new BucketWrite { Bucket = 1, Entries = Entries(("k1", "v1b"), ("k4", "v4")) }] });

        var stored = await store.OpenAsync(scope, "b");

        Assert.Equal([1, 3, 5], stored.Buckets.Select(b => b.Bucket).Order());
        var one = Bucket(stored, 1);
        Assert.Equal("segment-1", Text(one.Segment));
        Assert.Equal(Map(("k1", "v1b"), ("k4", "v4")), Delta(one));
        var three = Bucket(stored, 3);
        Assert.Null(three.Segment);
        Assert.Equal(Map(("k2", "v2"), ("k3", "v3")), Delta(three));
        var five = Bucket(stored, 5);
        Assert.Equal("segment-5", Text(five.Segment));
        Assert.Empty(Delta(five));
        Assert.Equal(Map(("c", "42"), (guidField, "window")), stored.Fields.ToDictionary(f => f.Key, f => Text(f.Value)));
    }

    [Fact]
    public async Task A_segment_write_clears_the_buckets_earlier_delta()
    {
        await using var store = Store();
        var scope = Scope(NewStream());
        await store.OpenAsync(scope, "a");
        await store.CommitAsync(scope, "a", new StateCommit
        {
            Buckets =
            [
                new BucketWrite { Bucket = 2, Entries = Entries(("k1", "v1"), ("k2", "v2")) },
                new BucketWrite { Bucket = 4, Entries = Entries(("k5", "v5")) },
            ],
        });

        await store.CommitAsync(scope, "a", new StateCommit
        {
            Buckets =
            [
                new BucketWrite { Bucket = 2, Segment = Bytes("compacted"), Entries = Entries(("k3", "v3")) },
                new BucketWrite { Bucket = 4, Segment = Bytes("compacted-4") },
            ],
        });
        var stored = await store.OpenAsync(scope, "b");

        Assert.Equal("compacted", Text(Bucket(stored, 2).Segment));
        Assert.Equal(Map(("k3", "v3")), Delta(Bucket(stored, 2)));
        Assert.Equal("compacted-4", Text(Bucket(stored, 4).Segment));
        Assert.Empty(Delta(Bucket(stored, 4)));
    }

    [Fact]
    public async Task A_null_field_removes_it()
    {
        await using var store = Store();
        var scope = Scope(NewStream());
        await store.OpenAsync(scope, "a");
        await store.CommitAsync(scope, "a", new StateCommit { Fields = { ["c"] = Bytes("1"), ["p:x"] = Bytes("2"), ["p:y"] = Bytes("3") } });

        await store.CommitAsync(scope, "a", new StateCommit { Fields = { ["p:x"] = null, ["p:never-set"] = null, ["c"] = Bytes("4") } });
        var stored = await store.OpenAsync(scope, "b");

        Assert.Equal(Map(("c", "4"), ("p:y", "3")), stored.Fields.ToDictionary(f => f.Key, f => Text(f.Value)));
        Assert.Empty(stored.Buckets);
    }

    [Fact]
    public async Task Opening_with_another_owner_fences_the_earlier_owner_and_applies_nothing_of_its_commit()
    {
        await using var store = Store();
        var scope = Scope(NewStream());
        await store.OpenAsync(scope, "first");
        await store.CommitAsync(scope, "first", new StateCommit
        {
            Buckets = [new BucketWrite { Bucket = 0, Segment = Bytes("s0"), Entries = Entries(("k", "v")) }],
            Fields = { ["c"] = Bytes("1"), ["p:a"] = Bytes("a") },
        });

        await store.OpenAsync(scope, "second");
        var fenced = await Assert.ThrowsAsync<StateFencedException>(() => store.CommitAsync(scope, "first", new StateCommit
        {
            Buckets =
            [
                new BucketWrite { Bucket = 0, Segment = Bytes("stale"), Entries = Entries(("k", "stale")) },
                new BucketWrite { Bucket = 1, Entries = Entries(("stale", "stale")) },
            ],
            Fields = { ["c"] = Bytes("stale"), ["p:a"] = null },
        }));
        Assert.Contains(scope.PartitionName, fenced.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StateFencedException>(() => store.CommitAsync(scope, "first", new StateCommit()));
        await store.CommitAsync(scope, "second", new StateCommit { Fields = { ["c"] = Bytes("2") } });

        var stored = await store.OpenAsync(scope, "third");

        var zero = Assert.Single(stored.Buckets);
        Assert.Equal(0, zero.Bucket);
        Assert.Equal("s0", Text(zero.Segment));
        Assert.Equal(Map(("k", "v")), Delta(zero));
        Assert.Equal(Map(("c", "2"), ("p:a", "a")), stored.Fields.ToDictionary(f => f.Key, f => Text(f.Value)));
        await Assert.ThrowsAsync<StateFencedException>(() => store.CommitAsync(scope, "second", new StateCommit()));
    }

    [Fact]
    public async Task A_commit_before_any_open_is_fenced()
    {
        await using var store = Store();
        var scope = Scope(NewStream());

        await Assert.ThrowsAsync<StateFencedException>(() => store.CommitAsync(scope, "a", new StateCommit { Fields = { ["c"] = Bytes("1") } }));

        var stored = await store.OpenAsync(scope, "a");
        Assert.Empty(stored.Buckets);
        Assert.Empty(stored.Fields);
    }

    [Fact]
    public async Task Open_returns_only_the_buckets_of_the_scopes_range_and_its_own_fields()
    {
        await using var store = Store();
        var stream = NewStream();
        var low = Scope(stream, partition: 0, partitions: 2, first: 0, end: 8);
        var high = Scope(stream, partition: 1, partitions: 2, first: 8, end: 16);
        await store.OpenAsync(low, "low");
        await store.OpenAsync(high, "high");
        await store.CommitAsync(low, "low", new StateCommit
        {
            Buckets = [new BucketWrite { Bucket = 0, Entries = Entries(("a", "1")) }, new BucketWrite { Bucket = 7, Segment = Bytes("s7") }],
            Fields = { ["c"] = Bytes("low") },
        });
        await store.CommitAsync(high, "high", new StateCommit
        {
            Buckets = [new BucketWrite { Bucket = 8, Segment = Bytes("s8") }, new BucketWrite { Bucket = 15, Entries = Entries(("b", "2")) }],
            Fields = { ["c"] = Bytes("high") },
        });

        var stored = await store.OpenAsync(low, "low-2");

        Assert.Equal([0, 7], stored.Buckets.Select(b => b.Bucket).Order());
        Assert.Equal(Map(("c", "low")), stored.Fields.ToDictionary(f => f.Key, f => Text(f.Value)));
        // The same hash layout with one partition: a partition of any layout finds the buckets it owns.
        var whole = await store.OpenAsync(Scope(stream, first: 0, end: 16), "whole");
        Assert.Equal([0, 7, 8, 15], whole.Buckets.Select(b => b.Bucket).Order());
        Assert.Empty(whole.Fields);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.CommitAsync(low, "low-2", new StateCommit { Buckets = [new BucketWrite { Bucket = 8, Segment = Bytes("x") }] }));
    }

    [Fact]
    public async Task A_large_commit_is_applied_whole()
    {
        await using var store = Store();
        var scope = Scope(NewStream(), end: 256);
        await store.OpenAsync(scope, "a");
        var buckets = Enumerable.Range(0, 256).Select(b => new BucketWrite
        {
            Bucket = b,
            Segment = b % 2 == 0 ? Bytes($"segment-{b}") : null,
            Entries = Entries(Enumerable.Range(0, b == 17 ? 5000 : 100).Select(k => ($"key-{b}-{k}", $"value-{k}")).ToArray()),
        }).ToList();
        var fields = Enumerable.Range(0, 1000).ToDictionary(i => $"p:{i}", i => (byte[]?)Bytes($"{i}"));

        await store.CommitAsync(scope, "a", new StateCommit { Buckets = buckets, Fields = new Dictionary<string, byte[]?>(fields, StringComparer.Ordinal) });
        await store.CommitAsync(scope, "a", new StateCommit { Fields = fields.Keys.Where(k => k != "p:999").ToDictionary(k => k, _ => (byte[]?)null) });
        var stored = await store.OpenAsync(scope, "b");

        Assert.Equal(256, stored.Buckets.Count);
        foreach (var bucket in stored.Buckets)
        {
            Assert.Equal(bucket.Bucket % 2 == 0 ? $"segment-{bucket.Bucket}" : null, bucket.Segment is null ? null : Text(bucket.Segment));
            var delta = Delta(bucket);
            Assert.Equal(bucket.Bucket == 17 ? 5000 : 100, delta.Count);
            Assert.Equal("value-99", delta[$"key-{bucket.Bucket}-99"]);
        }

        Assert.Equal(Map(("p:999", "999")), stored.Fields.ToDictionary(f => f.Key, f => Text(f.Value)));
    }

    [Fact]
    public async Task Many_partitions_use_one_store_at_once()
    {
        await using var store = Store();
        var stream = NewStream();
        var scopes = Enumerable.Range(0, 16).Select(p => Scope(stream, partition: p, partitions: 16, first: p * 4, end: p * 4 + 4)).ToList();

        await Task.WhenAll(scopes.Select(async scope =>
        {
            await store.OpenAsync(scope, $"owner-{scope.Partition}");
            await store.CommitAsync(scope, $"owner-{scope.Partition}", new StateCommit
            {
                Buckets = [new BucketWrite { Bucket = scope.FirstBucket, Entries = Entries(("k", $"{scope.Partition}")) }],
                Fields = { ["c"] = Bytes($"{scope.Partition}") },
            });
        }));

        var stored = await store.OpenAsync(Scope(stream, partition: 0, partitions: 1, first: 0, end: 64), "reader");
        Assert.Equal(Enumerable.Range(0, 16).Select(p => p * 4), stored.Buckets.Select(b => b.Bucket).Order());
        Assert.All(stored.Buckets, b => Assert.Equal($"{b.Bucket / 4}", Delta(b)["k"]));
    }

    [Fact]
    public async Task Keys_of_one_stream_share_its_hash_tag()
    {
        await using var store = Store();
        var stream = NewStream();
        var scope = Scope(stream, partition: 1, partitions: 2, first: 0, end: 4) with { SegmentPrefix = $"{stream}/range-00000000000000ab/1" };
        await store.OpenAsync(scope, "a");
        await store.CommitAsync(scope, "a", new StateCommit { Buckets = [new BucketWrite { Bucket = 3, Segment = Bytes("s"), Entries = Entries(("k", "v")) }] });

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var keys = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: $"rtg:{{{stream}}}:*").Select(k => k.ToString()).Order(StringComparer.Ordinal);

        Assert.Equal(
        [
            $"rtg:{{{stream}}}:delta:{stream}/range-00000000000000ab/1:3",
            $"rtg:{{{stream}}}:part:{stream}/1of2",
            $"rtg:{{{stream}}}:seg:{stream}/range-00000000000000ab/1:3",
        ], keys);
        Assert.Equal("a", (string?)await connection.GetDatabase().HashGetAsync($"rtg:{{{stream}}}:part:{stream}/1of2", RedisPartitionStateStore.OwnerField));
    }

    [Fact]
    public async Task The_owner_field_is_reserved()
    {
        await using var store = Store();
        var scope = Scope(NewStream());
        await store.OpenAsync(scope, "a");

        await Assert.ThrowsAsync<ArgumentException>(() => store.CommitAsync(scope, "a", new StateCommit { Fields = { [RedisPartitionStateStore.OwnerField] = Bytes("b") } }));
        await store.CommitAsync(scope, "a", new StateCommit());
    }

    [Fact]
    public async Task An_unreachable_redis_is_an_exception_that_does_not_show_the_password()
    {
        const string password = "pw-do-not-show-7f3a";
        await using var store = new RedisPartitionStateStore(new RedisOptions
        {
            ConnectionString = $"127.0.0.1:{FreePorts.Next()},password={password},asyncTimeout=500,syncTimeout=500",
            ConnectTimeoutMs = 300,
        });
        var scope = Scope(NewStream());

        var open = await Assert.ThrowsAnyAsync<Exception>(() => store.OpenAsync(scope, "a"));
        var commit = await Assert.ThrowsAnyAsync<Exception>(() => store.CommitAsync(scope, "a", new StateCommit()));

        foreach (var ex in new[] { open, commit })
        {
            Assert.True(ex is RedisException or TimeoutException, ex.ToString());
            Assert.DoesNotContain(password, ex.ToString(), StringComparison.Ordinal);
        }
    }

    private RedisPartitionStateStore Store() => new(new RedisOptions { ConnectionString = redis.ConnectionString });

    private static string NewStream() => $"s-{Guid.NewGuid():N}";

    private static StateScope Scope(string stream, int partition = 0, int partitions = 1, int first = 0, int end = 16) => new()
    {
        Stream = stream,
        Partitions = partitions,
        Partition = partition,
        SegmentPrefix = stream,
        FirstBucket = first,
        EndBucket = end,
    };

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[]? bytes) => bytes is null ? "(null)" : Encoding.UTF8.GetString(bytes);

    private static byte[] Entries(params (string Key, string Value)[] entries)
    {
        var writer = new DeltaEntries.Writer();
        foreach (var (key, value) in entries)
        {
            writer.Add(Bytes(key), Bytes(value));
        }

        return writer.ToArray();
    }

    private static Dictionary<string, string> Map(params (string Key, string Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);

    private static StoredBucket Bucket(StoredPartition stored, int bucket) => Assert.Single(stored.Buckets, b => b.Bucket == bucket);

    private static Dictionary<string, string> Delta(StoredBucket bucket)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new DeltaEntries.Reader(bucket.Delta);
        while (reader.TryRead(out var key, out var value))
        {
            Assert.True(result.TryAdd(Encoding.UTF8.GetString(key), Encoding.UTF8.GetString(value)), "a key twice in one delta");
        }

        return result;
    }
}
