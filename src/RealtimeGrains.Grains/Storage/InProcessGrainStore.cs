using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace RealtimeGrains.Storage;

/// <summary>A grain storage whose records live in an <see cref="InProcessStore"/> (serialized, as memory storage keeps them).</summary>
internal sealed class InProcessGrainStore(
    InProcessStore.Locked<MemoryStoreShard> records, IGrainStorageSerializer serializer, IActivatorProvider activators) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var record = records.Use(r => r.Read(Key(stateName, grainId)));
        grainState.State = record is null ? activators.GetActivator<T>().Create() : serializer.Deserialize<T>(record.Data) ?? activators.GetActivator<T>().Create();
        grainState.ETag = record?.ETag;
        grainState.RecordExists = record is not null;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        var data = serializer.Serialize(grainState.State).ToArray();
        var (written, etag) = records.Use(r => (r.TryWrite(key, data, grainState.ETag, out var newETag), newETag));
        if (!written)
        {
            throw new InconsistentStateException($"ETag mismatch writing '{key}'", "(stored)", grainState.ETag ?? "(none)");
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        if (!records.Use(r => r.TryDelete(key, grainState.ETag)))
        {
            throw new InconsistentStateException($"ETag mismatch deleting '{key}'", "(stored)", grainState.ETag ?? "(none)");
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";
}
