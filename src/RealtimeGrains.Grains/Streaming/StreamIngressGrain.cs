using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace RealtimeGrains.Streaming;

/// <summary>
/// Publishes producer batches to the partition streams from the silo the client is connected to. Stateless
/// and reentrant: batches of different partitions are enqueued concurrently, not one at a time per worker.
/// A batch whose envelope is wrong (stream or partition this silo does not declare, over <c>MaxBatchBytes</c>,
/// impossible counts or sequence) is refused here with <see cref="BatchRejectedException"/>, so a hostile or
/// confused caller cannot create streams, partition grains or metric series by naming them, nor fill a stream
/// queue's memory with junk.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class StreamIngressGrain(StreamCatalog catalog, IOptions<StreamingOptions> options) : Grain, IStreamIngressGrain
{
    private readonly int _maxBatchBytes = options.Value.MaxBatchBytes;

    public Task Publish(StreamBatch batch)
    {
        var declared = batch?.Stream is { } name && catalog.TryGet(name, out var found) ? found : null;
        var refusal = IngressCheck.Refusal(batch, declared?.Definition.Partitions, _maxBatchBytes);
        if (refusal is not null || batch is null)
        {
            return Task.FromException(new BatchRejectedException(new BatchRejection
            {
                Stream = batch is null ? "" : IngressCheck.Shorten(batch.Stream ?? ""),
                Partition = batch?.Partition ?? -1,
                ProducerId = batch?.ProducerId ?? Guid.Empty,
                Sequence = batch?.Sequence ?? 0,
                Reason = BatchRejectReason.Malformed,
                Detail = refusal ?? "the batch is missing",
            }));
        }

        var stream = this.GetStreamProvider(EventStreamProvider.Name)
            .GetStream<StreamBatch>(StreamId.Create(batch.Stream, PartitionGrainKey.Format(batch.Stream, batch.Partition)));
        return stream.OnNextAsync(batch);
    }
}
