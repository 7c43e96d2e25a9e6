using Orleans.Concurrency;

namespace RealtimeGrains.Streaming;

/// <summary>
/// Publishes producer batches to the partition streams from the silo the client is connected to. Stateless
/// and reentrant: batches of different partitions are enqueued concurrently, not one at a time per worker.
/// A batch for a stream or partition this silo does not declare is refused here, so a hostile or confused
/// caller cannot create streams, partition grains or metric series by naming them.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class StreamIngressGrain(StreamCatalog catalog) : Grain, IStreamIngressGrain
{
    public Task Publish(StreamBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!catalog.TryGet(batch.Stream, out var declared) || batch.Partition < 0 || batch.Partition >= declared.Definition.Partitions)
        {
            batch.ReplyTo?.OnRejected(new BatchRejection
            {
                Stream = batch.Stream,
                Partition = batch.Partition,
                ProducerId = batch.ProducerId,
                Sequence = batch.Sequence,
                Reason = BatchRejectReason.Malformed,
                Detail = $"stream '{batch.Stream}' partition {batch.Partition} is not declared on this silo",
            }).Ignore();
            return Task.CompletedTask;
        }

        var stream = this.GetStreamProvider(EventStreamProvider.Name)
            .GetStream<StreamBatch>(StreamId.Create(batch.Stream, PartitionGrainKey.Format(batch.Stream, batch.Partition)));
        return stream.OnNextAsync(batch);
    }
}
