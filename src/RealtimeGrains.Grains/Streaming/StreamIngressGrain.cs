using Orleans.Concurrency;

namespace RealtimeGrains.Streaming;

/// <summary>Publishes producer batches to the partition streams from the silo the client is connected to.</summary>
[StatelessWorker]
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
