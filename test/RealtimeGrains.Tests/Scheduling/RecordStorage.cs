using Orleans.Serialization;
using Orleans.Storage;

namespace RealtimeGrains.Tests.Scheduling;

/// <summary>Grain storage in a dictionary, in Orleans' binary format, with etag checks as real storages make them.</summary>
internal sealed class RecordStorage(Serializer serializer) : IGrainStorage
{
    private long _etag;

    public Dictionary<(string State, GrainId Id), (byte[] Data, string ETag)> Records { get; } = [];

    /// <summary>Writes fail while this is set.</summary>
    public bool Failing { get; set; }

    public int Writes { get; private set; }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Records.TryGetValue((stateName, grainId), out var record))
        {
            (grainState.State, grainState.ETag, grainState.RecordExists) = (serializer.Deserialize<T>(record.Data), record.ETag, true);
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Writes++;
        var stored = Records.TryGetValue((stateName, grainId), out var record) ? record.ETag : null;
        if (Failing || stored != grainState.ETag)
        {
            throw new InconsistentStateException($"write of {stateName} {grainId} refused", stored ?? "", grainState.ETag ?? "");
        }

        Records[(stateName, grainId)] = (serializer.SerializeToArray(grainState.State), grainState.ETag = $"{++_etag}");
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Records.Remove((stateName, grainId));
        return Task.CompletedTask;
    }

    /// <summary>Record keys of <paramref name="state"/>, as <c>{type}/{key}</c>, sorted.</summary>
    public List<string> Keys(string state) => [.. Records.Keys.Where(k => k.State == state).Select(k => k.Id.ToString()).Order(StringComparer.Ordinal)];
}
