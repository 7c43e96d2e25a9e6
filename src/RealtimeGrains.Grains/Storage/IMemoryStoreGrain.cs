namespace RealtimeGrains.Storage;

/// <summary>One shard of an in-memory grain storage (key: <c>{storage name}/{shard}</c>).</summary>
internal interface IMemoryStoreGrain : IGrainWithStringKey
{
    /// <summary>The record stored under <paramref name="key"/>, or <see langword="null"/> (never written, deleted, expired or dropped).</summary>
    Task<MemoryStoreRecord?> Read(string key);

    /// <summary>Stores <paramref name="record"/>'s data when its ETag matches the stored one; returns the new ETag.</summary>
    /// <exception cref="Orleans.Storage.InconsistentStateException">The ETag does not match.</exception>
    Task<string> Write(string key, MemoryStoreRecord record);

    /// <summary>Removes the record when <paramref name="etag"/> matches the stored one.</summary>
    /// <exception cref="Orleans.Storage.InconsistentStateException">The ETag does not match.</exception>
    Task Delete(string key, string? etag);
}
