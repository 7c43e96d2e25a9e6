using System.Globalization;
using RealtimeGrains.Hosting;
using StackExchange.Redis;

namespace RealtimeGrains.Streaming.State;

/// <summary>
/// <see cref="IPartitionStateStore"/> in Redis. Keys (all of one stream share the hash tag <c>{stream}</c>, so
/// they sit in one Redis Cluster slot and one Lua script may touch them; stream names cannot hold <c>{</c>,
/// <c>}</c> or <c>:</c>, and the bucket is the key's last part, so no two keys coincide):
/// <list type="bullet">
/// <item><c>rtg:{stream}:seg:&lt;SegmentPrefix&gt;:&lt;bucket&gt;</c>, a string: the bucket's segment bytes;</item>
/// <item><c>rtg:{stream}:delta:&lt;SegmentPrefix&gt;:&lt;bucket&gt;</c>, a hash: field = key bytes, value = value bytes;</item>
/// <item><c>rtg:{stream}:part:&lt;PartitionName&gt;</c>, a hash: the partition's own fields, plus the owner token
/// in the reserved field <see cref="OwnerField"/> (<c>"\0owner"</c>: a NUL that callers' names never start
/// with; a commit naming it is refused).</item>
/// </list>
/// <see cref="OpenAsync"/> writes the owner field, then reads every bucket of the range in one pipelined batch.
/// <see cref="CommitAsync"/> is one Lua script: Redis runs it alone, so the owner check and every write form one
/// atomic step (a fenced commit writes nothing). An empty commit still runs the check, so a fenced activation
/// learns it at its next checkpoint even when nothing changed. Connection failures and timeouts surface as
/// StackExchange.Redis exceptions; values are absolute, so retrying a failed commit is safe. A silo singleton:
/// connects once, on first use, and is safe for concurrent use by many partitions.
/// </summary>
internal sealed class RedisPartitionStateStore : IPartitionStateStore, IAsyncDisposable
{
    /// <summary>Field of the partition record that holds the owner token; no caller field may use it.</summary>
    public const string OwnerField = "\0owner";

    /// <summary>Field/value pairs per HSET (and names per HDEL): far below Lua's unpack limit of ~8000 values.</summary>
    private const int Chunk = 200;

    // KEYS[1]: partition record; KEYS[2b], KEYS[2b+1]: segment and delta of the b-th bucket write.
    // ARGV: owner field, owner, bucket write count n; per bucket write: has segment (0|1), entry count m,
    // [segment], m key/value pairs; then field set count s, s name/value pairs; field removal count r, r names.
    // Returns 1 when applied, 0 when fenced (nothing written).
    private static readonly string CommitScript = $$"""
        if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
        local function hset(key, first, pairs)
          local done = 0
          while done < pairs do
            local n = math.min({{Chunk}}, pairs - done)
            local from = first + 2 * done
            redis.call('HSET', key, unpack(ARGV, from, from + 2 * n - 1))
            done = done + n
          end
        end
        local a = 4
        for b = 1, tonumber(ARGV[3]) do
          local hasSegment, entries = ARGV[a], tonumber(ARGV[a + 1])
          a = a + 2
          if hasSegment == '1' then
            redis.call('SET', KEYS[2 * b], ARGV[a])
            redis.call('DEL', KEYS[2 * b + 1])
            a = a + 1
          end
          hset(KEYS[2 * b + 1], a, entries)
          a = a + 2 * entries
        end
        local sets = tonumber(ARGV[a])
        hset(KEYS[1], a + 1, sets)
        a = a + 1 + 2 * sets
        local last = a + tonumber(ARGV[a])
        for i = a + 1, last, {{Chunk}} do
          redis.call('HDEL', KEYS[1], unpack(ARGV, i, math.min(i + {{Chunk}} - 1, last)))
        end
        return 1
        """;

    private readonly RedisOptions _options;
    private readonly string _keyPrefix;
    private readonly Lock _gate = new();
    private Task<ConnectionMultiplexer>? _connection;
    private bool _disposed;

    /// <param name="options">The Redis to use.</param>
    /// <param name="keyPrefix">First part of every key (to separate deployments sharing one Redis).</param>
    public RedisPartitionStateStore(RedisOptions options, string keyPrefix = "rtg")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        if (keyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException("a key prefix cannot hold '{' or '}' (they mark the hash tag)", nameof(keyPrefix));
        }

        _options = options;
        _keyPrefix = keyPrefix;
    }

    public async Task<StoredPartition> OpenAsync(StateScope scope, string owner)
    {
        Check(scope);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var db = (await ConnectAsync().ConfigureAwait(false)).GetDatabase();
        var record = PartitionKey(scope);

        // Fence first: from here on no earlier owner's commit lands, so the reads below see every commit that did.
        await db.HashSetAsync(record, OwnerField, owner).ConfigureAwait(false);

        var batch = db.CreateBatch();
        var fields = batch.HashGetAllAsync(record);
        var count = scope.EndBucket - scope.FirstBucket;
        var segments = new Task<RedisValue>[count];
        var deltas = new Task<HashEntry[]>[count];
        for (var i = 0; i < count; i++)
        {
            var bucket = scope.FirstBucket + i;
            segments[i] = batch.StringGetAsync(SegmentKey(scope, bucket));
            deltas[i] = batch.HashGetAllAsync(DeltaKey(scope, bucket));
        }

        batch.Execute();
        await Task.WhenAll([fields, .. segments, .. deltas]).ConfigureAwait(false);

        var stored = new StoredPartition();
        var writer = new DeltaEntries.Writer();
        for (var i = 0; i < count; i++)
        {
            var segment = (byte[]?)segments[i].Result;
            var delta = deltas[i].Result;
            if (segment is null && delta.Length == 0)
            {
                continue;
            }

            writer.Clear();
            foreach (var entry in delta)
            {
                writer.Add(((ReadOnlyMemory<byte>)entry.Name).Span, ((ReadOnlyMemory<byte>)entry.Value).Span);
            }

            stored.Buckets.Add(new StoredBucket { Bucket = scope.FirstBucket + i, Segment = segment, Delta = writer.ToArray() });
        }

        foreach (var field in fields.Result)
        {
            var name = field.Name.ToString();
            if (name != OwnerField)
            {
                stored.Fields[name] = (byte[]?)field.Value ?? [];
            }
        }

        return stored;
    }

    public async Task CommitAsync(StateScope scope, string owner, StateCommit commit)
    {
        Check(scope);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(commit);

        var keys = new RedisKey[1 + 2 * commit.Buckets.Count];
        keys[0] = PartitionKey(scope);
        var values = new List<RedisValue>(8 + commit.Buckets.Count * 3 + commit.Fields.Count * 2) { OwnerField, owner, commit.Buckets.Count };
        for (var b = 0; b < commit.Buckets.Count; b++)
        {
            var write = commit.Buckets[b];
            if (write.Bucket < scope.FirstBucket || write.Bucket >= scope.EndBucket)
            {
                throw new ArgumentOutOfRangeException(nameof(commit), write.Bucket,
                    $"bucket outside the range [{scope.FirstBucket}, {scope.EndBucket}) of partition {scope.PartitionName}");
            }

            keys[1 + 2 * b] = SegmentKey(scope, write.Bucket);
            keys[2 + 2 * b] = DeltaKey(scope, write.Bucket);
            var entries = DeltaEntries.Slices(write.Entries);
            values.Add(write.Segment is null ? 0 : 1);
            values.Add(entries.Count);
            if (write.Segment is not null)
            {
                values.Add(write.Segment);
            }

            foreach (var (key, value) in entries)
            {
                values.Add(key);
                values.Add(value);
            }
        }

        var removals = new List<RedisValue>();
        values.Add(commit.Fields.Count(f => f.Value is not null));
        foreach (var (name, value) in commit.Fields)
        {
            if (name == OwnerField)
            {
                throw new ArgumentException($"the field name {nameof(OwnerField)} is reserved for the owner", nameof(commit));
            }

            if (value is null)
            {
                removals.Add(name);
            }
            else
            {
                values.Add(name);
                values.Add(value);
            }
        }

        values.Add(removals.Count);
        values.AddRange(removals);

        var db = (await ConnectAsync().ConfigureAwait(false)).GetDatabase();
        var applied = (int)await db.ScriptEvaluateAsync(CommitScript, keys, [.. values]).ConfigureAwait(false);
        if (applied != 1)
        {
            throw new StateFencedException(scope.PartitionName);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task<ConnectionMultiplexer>? connection;
        lock (_gate)
        {
            _disposed = true;
            connection = _connection;
            _connection = null;
        }

        if (connection is not null)
        {
            try
            {
                await (await connection.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Never connected: nothing to close.
            }
        }
    }

    /// <summary>The one connection, started by the first caller; a failed attempt is retried by the next.</summary>
    private Task<ConnectionMultiplexer> ConnectAsync()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is null || _connection.IsFaulted || _connection.IsCanceled)
            {
                _connection = ConnectionMultiplexer.ConnectAsync(_options.ToConfiguration());
            }

            return _connection;
        }
    }

    private static void Check(StateScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.FirstBucket < 0 || scope.EndBucket < scope.FirstBucket)
        {
            throw new ArgumentException($"bucket range [{scope.FirstBucket}, {scope.EndBucket}) of partition {scope.PartitionName}", nameof(scope));
        }
    }

    private RedisKey SegmentKey(StateScope scope, int bucket) =>
        string.Create(CultureInfo.InvariantCulture, $"{_keyPrefix}:{{{scope.Stream}}}:seg:{scope.SegmentPrefix}:{bucket}");

    private RedisKey DeltaKey(StateScope scope, int bucket) =>
        string.Create(CultureInfo.InvariantCulture, $"{_keyPrefix}:{{{scope.Stream}}}:delta:{scope.SegmentPrefix}:{bucket}");

    private RedisKey PartitionKey(StateScope scope) => $"{_keyPrefix}:{{{scope.Stream}}}:part:{scope.PartitionName}";
}
