using RealtimeGrains.Client.Hosting;

namespace RealtimeGrains.Tests.Hosting;

/// <summary>Batch sends in flight end when the client loses a gateway, not when Orleans' response timeout expires.</summary>
public sealed class GatewayLossTests
{
    [Fact]
    public void GatewayCountDrops_TokenReadBeforeIsCancelled_NextTokenIsNot()
    {
        using var loss = new GatewayLoss();
        var before = loss.Token;

        loss.NotifyGatewayCountChanged(currentNumberOfGateways: 2, previousNumberOfGateways: 3, connectionRecovered: false);

        Assert.True(SpinWait.SpinUntil(() => before.IsCancellationRequested, TimeSpan.FromSeconds(5)));
        Assert.False(loss.Token.IsCancellationRequested);
    }

    [Fact]
    public void GatewayCountGrowsOrRecovers_NothingIsCancelled()
    {
        using var loss = new GatewayLoss();
        var token = loss.Token;

        loss.NotifyGatewayCountChanged(currentNumberOfGateways: 3, previousNumberOfGateways: 2, connectionRecovered: true);
        loss.NotifyGatewayCountChanged(currentNumberOfGateways: 3, previousNumberOfGateways: 3, connectionRecovered: false);

        Assert.False(token.IsCancellationRequested);
        Assert.Equal(token, loss.Token);
    }

    [Fact]
    public void ClusterConnectionLost_CancelsSendsInFlight()
    {
        using var loss = new GatewayLoss();
        var before = loss.Token;

        loss.NotifyClusterConnectionLost();

        Assert.True(SpinWait.SpinUntil(() => before.IsCancellationRequested, TimeSpan.FromSeconds(5)));
    }
}
