using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>How a producer's partition loops reach the partitions: the answer of a send is the batch's acknowledgement or refusal.</summary>
internal interface IBatchTransport
{
    /// <summary>
    /// Sends one batch: null once its partition acknowledged it (after the checkpoint that covers it), or the partition's
    /// refusal; throws when the send failed, or <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> ended it first.
    /// </summary>
    Task<BatchRejection?> SendAsync(StreamBatch batch, CancellationToken cancellationToken);
}
