using System.IO.Hashing;
using System.Runtime.InteropServices;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace RealtimeGrains.Storage;

/// <summary>
/// The embedded default's grain storage: state serialized with the storage's serializer and kept in
/// <see cref="MemoryStoreOptions.Shards"/> <see cref="IMemoryStoreGrain"/> shards, chosen by a stable hash of
/// the record's key. Unlike Orleans' memory storage (a test double that keeps every record and a tombstone
/// for every deleted one for the life of the silo), deleted records are removed, and a storage may
/// expire records and cap how many it keeps, so what it holds stays bounded under continuous work.
/// </summary>
internal sealed class MemoryGrainStore(
    string name, MemoryStoreOptions options, IGrainStorageSerializer serializer, IGrainFactory grains, IActivatorProvider activators) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        var record = await Shard(key).Read(key);
        if (record is null)
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = serializer.Deserialize<T>(record.Data) ?? activators.GetActivator<T>().Create();
        grainState.ETag = record.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        var data = serializer.Serialize(grainState.State).ToArray();
        grainState.ETag = await Shard(key).Write(key, new MemoryStoreRecord(data, grainState.ETag));
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        await Shard(key).Delete(key, grainState.ETag);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";

    private IMemoryStoreGrain Shard(string key)
    {
        var shard = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan())) % (ulong)options.Shards;
        return grains.GetGrain<IMemoryStoreGrain>($"{name}/{shard}");
    }
}
