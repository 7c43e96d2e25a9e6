using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace RealtimeGrains.Storage;

/// <summary>
/// Holds one shard of an in-memory grain storage. Kept alive (its records live only in this activation);
/// with a retention, a timer drops expired records even when no write comes.
/// </summary>
[KeepAlive]
internal sealed class MemoryStoreGrain(IOptionsMonitor<MemoryStoreOptions> options, TimeProvider time) : Grain, IMemoryStoreGrain
{
    private static readonly TimeSpan MaxSweepPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinSweepPeriod = TimeSpan.FromSeconds(1);
    private MemoryStoreShard _shard = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var settings = options.Get(key[..key.LastIndexOf('/')]);
        _shard = new MemoryStoreShard(time, settings.Retention, settings.MaxRecordsPerShard);
        if (settings.Retention is { } retention)
        {
            var period = TimeSpan.FromTicks(Math.Clamp(retention.Ticks / 4, MinSweepPeriod.Ticks, MaxSweepPeriod.Ticks));
            this.RegisterGrainTimer(() => { _shard.Sweep(); return Task.CompletedTask; }, new GrainTimerCreationOptions(period, period) { KeepAlive = false });
        }

        return Task.CompletedTask;
    }

    public Task<MemoryStoreRecord?> Read(string key) => Task.FromResult(_shard.Read(key));

    public Task<string> Write(string key, MemoryStoreRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _shard.TryWrite(key, record.Data, record.ETag, out var etag)
            ? Task.FromResult(etag)
            : throw new InconsistentStateException($"ETag mismatch writing '{key}'", "(stored)", record.ETag ?? "(none)");
    }

    public Task Delete(string key, string? etag) =>
        _shard.TryDelete(key, etag)
            ? Task.CompletedTask
            : throw new InconsistentStateException($"ETag mismatch deleting '{key}'", "(stored)", etag ?? "(none)");
}
