using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// Sends batches through the ingress grain of the gateway silo, which hands each to its partition; the answer of the
/// call is the batch's acknowledgement (after the checkpoint that covers it) or refusal, reported to the producer.
/// A send also ends when the client loses a gateway (<see cref="GatewayLoss"/>), so it can go again at once.
/// </summary>
internal sealed class ClusterBatchTransport(IClusterClient client, StreamProducer producer) : IBatchTransport
{
    private readonly IStreamIngressGrain _ingress = client.GetGrain<IStreamIngressGrain>(0);
    private readonly GatewayLoss? _gatewayLoss = client.ServiceProvider.GetService<GatewayLoss>();

    /// <summary>None: the answer of the send carries the acknowledgement.</summary>
    public IBatchAckObserver? ReplyTo => null;

    public async Task<bool> SendAsync(StreamBatch batch, CancellationToken cancellationToken)
    {
        using var send = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _gatewayLoss?.Token ?? CancellationToken.None);
        BatchRejection? rejection;
        try
        {
            rejection = await _ingress.Publish(batch, send.Token).ConfigureAwait(false);
        }
        catch (BatchRejectedException ex)
        {
            // The ingress refused the envelope (a stream or partition the silo does not declare, an oversized batch):
            // handled like a partition's refusal.
            rejection = BatchRejection.Of(batch, ex);
        }

        if (rejection is not null)
        {
            producer.OnRejected(rejection);
        }
        else
        {
            producer.OnAcked(new BatchAck { Stream = batch.Stream, Partition = batch.Partition, ProducerId = batch.ProducerId, Sequences = [batch.Sequence] });
        }

        return true;
    }
}
