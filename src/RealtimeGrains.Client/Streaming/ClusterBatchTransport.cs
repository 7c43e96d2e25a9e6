using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// Sends batches through the ingress grain of the gateway silo, which hands each to its partition; the answer of the
/// call is the batch's acknowledgement (after the checkpoint that covers it) or refusal.
/// A send also ends when the client loses a gateway (<see cref="GatewayLoss"/>), so it can go again at once.
/// </summary>
internal sealed class ClusterBatchTransport(IClusterClient client) : IBatchTransport
{
    private readonly IStreamIngressGrain _ingress = client.GetGrain<IStreamIngressGrain>(0);
    private readonly GatewayLoss? _gatewayLoss = client.ServiceProvider.GetService<GatewayLoss>();

    public async Task<BatchRejection?> SendAsync(StreamBatch batch, CancellationToken cancellationToken)
    {
        using var send = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _gatewayLoss?.Token ?? CancellationToken.None);
        try
        {
            return await _ingress.Publish(batch, send.Token).ConfigureAwait(false);
        }
        catch (BatchRejectedException ex)
        {
            // The ingress refused the envelope (a stream or partition the silo does not declare, an oversized batch):
            // handled like a partition's refusal.
            return BatchRejection.Of(batch, ex);
        }
    }
}
