namespace RealtimeGrains.Streaming;

/// <summary>
/// Where producers send batches: a stateless worker on the gateway silo the client is connected to, which calls the
/// batch's partition grain directly (<see cref="IPartitionGrain.Ingest"/>), so a batch crosses at most one silo
/// boundary after the gateway. Key 0.
/// </summary>
public interface IStreamIngressGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Hands the batch to partition (<see cref="StreamBatch.Stream"/>, <see cref="StreamBatch.Partition"/>) and completes
    /// once the checkpoint that covers it is written (null: acknowledged), or with the reason it was refused. A batch carrying
    /// <see cref="StreamBatch.ReplyTo"/> is acknowledged or refused there too. Cancelling abandons the wait, not the batch.
    /// </summary>
    Task<BatchRejection?> Publish([Immutable] StreamBatch batch, CancellationToken cancellationToken = default);
}
