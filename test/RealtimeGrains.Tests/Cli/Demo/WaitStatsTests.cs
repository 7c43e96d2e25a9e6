using RealtimeGrains.Cli.Demo;

namespace RealtimeGrains.Tests.Cli.Demo;

[Trait("Tier", "Unit")]
public sealed class WaitStatsTests
{
    [Fact]
    public void Of_TwentyWaits_MeanAndNearestRankP95()
    {
        var stats = WaitStats.Of(Enumerable.Range(1, 20).Select(i => i * 10.0).Reverse());

        Assert.Equal(new WaitStats(20, 105, 190), stats);
    }

    [Fact]
    public void Of_NoWaits_NullFigures()
    {
        Assert.Equal(new WaitStats(0, null, null), WaitStats.Of([]));
    }
}
