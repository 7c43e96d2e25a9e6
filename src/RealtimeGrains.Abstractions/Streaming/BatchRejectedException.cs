namespace RealtimeGrains.Streaming;

/// <summary>A partition refused a delivered batch without applying any of it (see <see cref="BatchRejection"/>).</summary>
[GenerateSerializer, Alias("rtg.batch-rejected")]
public sealed class BatchRejectedException : RequestRejectedException
{
    public BatchRejectedException()
    {
    }

    public BatchRejectedException(string message)
        : base(message)
    {
    }

    public BatchRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BatchRejectedException(BatchRejection rejection)
        : base($"stream '{rejection?.Stream}' partition {rejection?.Partition} refused batch {rejection?.Sequence} ({rejection?.Reason}): {rejection?.Detail}")
    {
        ArgumentNullException.ThrowIfNull(rejection);
        Reason = rejection.Reason;
    }

    [Id(0)] public BatchRejectReason Reason { get; private set; }
}
