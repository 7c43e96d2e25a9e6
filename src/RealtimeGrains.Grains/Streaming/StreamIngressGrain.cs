using Orleans.Concurrency;

namespace RealtimeGrains.Streaming;

/// <summary>
/// Publishes producer batches to the partition streams from the silo the client is connected to. Stateless
/// and reentrant: batches of different partitions are enqueued concurrently, not one at a time per worker.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class StreamIngressGrain : Grain, IStreamIngressGrain
{
    public Task Publish(StreamBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var stream = this.GetStreamProvider(EventStreamProvider.Name)
            .GetStream<StreamBatch>(StreamId.Create(batch.Stream, PartitionGrainKey.Format(batch.Stream, batch.Partition)));
        return stream.OnNextAsync(batch);
    }
}
