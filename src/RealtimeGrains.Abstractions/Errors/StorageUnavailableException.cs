namespace RealtimeGrains;

/// <summary>
/// A silo could not complete a call because its storage (Redis, or the grain storage the host configured)
/// failed or did not answer. The message names the call and the storage error; the storage's own exception
/// type stays on the silo (a client need not load storage provider assemblies). Retry once storage is back:
/// calls carrying request ids (task submits, event batches) are deduplicated.
/// </summary>
[GenerateSerializer, Alias("rtg.storage-unavailable")]
public sealed class StorageUnavailableException : RealtimeGrainsException
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
