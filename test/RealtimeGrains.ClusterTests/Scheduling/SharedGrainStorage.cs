using System.Collections.Concurrent;
using Orleans.Storage;

namespace RealtimeGrains.ClusterTests.Scheduling;

/// <summary>
/// Grain storage shared by every silo of an in-process cluster, like an external database: it
/// outlives a killed silo (memory storage keeps state in grains, which die with their silo).
/// </summary>
internal sealed class SharedGrainStorage(IGrainStorageSerializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string, GrainId), (BinaryData Data, string ETag)> _store = new();
    private long _etag;

    /// <summary>Fault injection: writes of the state names in this set fail, as a storage outage would.</summary>
    public HashSet<string> FailingStates { get; } = [];

    /// <summary>Fault injection: awaited before each write (by state name), to hold a write in flight.</summary>
    public Func<string, Task>? BeforeWrite { get; set; }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_store.TryGetValue((stateName, grainId), out var entry))
        {
            grainState.State = serializer.Deserialize<T>(entry.Data);
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (BeforeWrite is { } hook)
        {
            await hook(stateName);
        }

        lock (FailingStates)
        {
            if (FailingStates.Contains(stateName))
            {
                throw new OrleansException($"injected failure writing {stateName} of {grainId}");
            }
        }

        var etag = Interlocked.Increment(ref _etag).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var data = serializer.Serialize(grainState.State);
        _store.AddOrUpdate(
            (stateName, grainId),
            _ => grainState.ETag is null ? (data, etag) : throw Conflict(grainState.ETag, null),
            (_, old) => old.ETag == grainState.ETag ? (data, etag) : throw Conflict(grainState.ETag, old.ETag));
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _store.TryRemove((stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static InconsistentStateException Conflict(string? given, string? stored) =>
        new($"etag mismatch: given {given ?? "none"}, stored {stored ?? "none"}", stored ?? "", given ?? "");
}
