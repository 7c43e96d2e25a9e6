using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// Sends batches through the cluster's ingress grain, and is itself the observer partition grains report
/// acknowledgements and rejections to (held by the producer: Orleans keeps observers only weakly).
/// </summary>
internal sealed class ClusterBatchTransport : IBatchTransport, IBatchAckObserver, IDisposable
{
    private readonly IClusterClient _client;
    private readonly StreamProducer _producer;
    private readonly IStreamIngressGrain _ingress;

    public ClusterBatchTransport(IClusterClient client, StreamProducer producer)
    {
        _client = client;
        _producer = producer;
        _ingress = client.GetGrain<IStreamIngressGrain>(0);
        ReplyTo = client.CreateObjectReference<IBatchAckObserver>(this);
    }

    public IBatchAckObserver ReplyTo { get; }

    public async Task<bool> SendAsync(StreamBatch batch)
    {
        try
        {
            await _ingress.Publish(batch).ConfigureAwait(false);
            return true;
        }
        catch (BatchRejectedException ex)
        {
            // The ingress refused the envelope (a stream or partition the silo does not declare, an oversized batch):
            // handled like a partition's rejection.
            _producer.OnRejected(new BatchRejection
            {
                Stream = batch.Stream,
                Partition = batch.Partition,
                ProducerId = batch.ProducerId,
                Sequence = batch.Sequence,
                Reason = ex.Reason,
                Detail = ex.Message,
            });
            return true;
        }
        catch (InvalidOperationException)
        {
            // The memory stream queue is full.
            return false;
        }
    }

    public Task OnAcked(BatchAck ack)
    {
        _producer.OnAcked(ack);
        return Task.CompletedTask;
    }

    public Task OnRejected(BatchRejection rejection)
    {
        _producer.OnRejected(rejection);
        return Task.CompletedTask;
    }

    public void Dispose() => _client.DeleteObjectReference<IBatchAckObserver>(ReplyTo);
}
