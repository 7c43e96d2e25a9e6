namespace RealtimeGrains.Client.Hosting;

/// <summary>
/// Tells batch sends in flight that the client lost a gateway connection. Orleans releases calls in flight over a
/// gateway that went away only when their response timeout expires (dotnet/orleans#10165), and a producer's sends wait
/// for their partition's checkpoint; so each send listens to <see cref="Token"/>, which is cancelled (and replaced) when
/// the number of connected gateways drops, and the producer sends again at once through the gateways left. A send
/// that was not over the lost gateway goes again too: its partition drops the duplicate and acknowledges it.
/// </summary>
internal sealed class GatewayLoss : IClusterConnectionStatusObserver, IDisposable
{
    private CancellationTokenSource _current = new();

    /// <summary>Cancelled when a gateway connection is lost after this token was read.</summary>
    public CancellationToken Token => Volatile.Read(ref _current).Token;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Lost();
        }
    }

    public void NotifyClusterConnectionLost() => Lost();

    public void Dispose() => _current.Dispose();

    private void Lost()
    {
        // Not disposed: sends may still link to its token. Cancelled off Orleans' connection thread.
        var lost = Interlocked.Exchange(ref _current, new CancellationTokenSource());
        _ = lost.CancelAsync();
    }
}
