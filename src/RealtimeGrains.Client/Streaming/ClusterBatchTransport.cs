using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>Sends batches through the cluster's ingress grain; acknowledgements come back to an observer reference.</summary>
internal sealed class ClusterBatchTransport : IBatchTransport, IDisposable
{
    private readonly IClusterClient _client;
    private readonly IStreamIngressGrain _ingress;
    private readonly IBatchAckObserver _observer;
    private readonly IBatchAckObserver _replyTo;

    public ClusterBatchTransport(IClusterClient client, IBatchAckObserver observer)
    {
        _client = client;
        _ingress = client.GetGrain<IStreamIngressGrain>(0);
        // Orleans holds observers weakly: without this reference the observer is collected and acknowledgements are lost.
        _observer = observer;
        _replyTo = client.CreateObjectReference<IBatchAckObserver>(_observer);
    }

    public IBatchAckObserver? ReplyTo => _replyTo;

    public async Task<bool> SendAsync(StreamBatch batch)
    {
        try
        {
            await _ingress.Publish(batch).ConfigureAwait(false);
            return true;
        }
        catch (InvalidOperationException)
        {
            // The memory stream queue is full.
            return false;
        }
    }

    public void Dispose() => _client.DeleteObjectReference<IBatchAckObserver>(_replyTo);
}
