using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Tests.Scheduling;

public sealed class DurationEstimatorTests
{
    [Fact]
    public void EstimateMs_UnseenHandler_ReturnsPrior()
    {
        var estimator = new DurationEstimator(0.5, 100);

        Assert.Equal(100, estimator.EstimateMs("never-seen"));
    }

    [Fact]
    public void Record_TwoSamples_FollowsExponentialAverage()
    {
        var estimator = new DurationEstimator(0.5, 100);

        estimator.Record("h", 50);
        Assert.Equal(75, estimator.EstimateMs("h")); // 0.5·50 + 0.5·100

        estimator.Record("h", 25);
        Assert.Equal(50, estimator.EstimateMs("h")); // 0.5·25 + 0.5·75
    }

    [Fact]
    public void Record_OneHandler_LeavesOthersAtPrior()
    {
        var estimator = new DurationEstimator(0.25, 40);

        estimator.Record("a", 200);

        Assert.Equal(80, estimator.EstimateMs("a")); // 0.25·200 + 0.75·40
        Assert.Equal(40, estimator.EstimateMs("b"));
    }

    [Fact]
    public void Record_AlphaOne_UsesLastSampleOnly()
    {
        var estimator = new DurationEstimator(1, 100);

        estimator.Record("h", 7);
        estimator.Record("h", 3);

        Assert.Equal(3, estimator.EstimateMs("h"));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.0001)]
    [InlineData(double.NaN)]
    public void Constructor_AlphaOutOfRange_Throws(double alpha)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DurationEstimator(alpha));

        Assert.Equal("alpha", ex.ParamName);
        Assert.StartsWith("alpha must be in (0, 1]", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_InvalidPrior_Throws(double prior)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DurationEstimator(0.5, prior));

        Assert.Equal("priorMs", ex.ParamName);
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Record_InvalidRunTime_ThrowsAndKeepsEstimate(double runMs)
    {
        var estimator = new DurationEstimator(0.5, 100);

        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Record("h", runMs));
        Assert.Equal(100, estimator.EstimateMs("h"));
    }

    [Fact]
    public void Restore_FromSnapshot_ReplacesAllEstimates()
    {
        var source = new DurationEstimator(0.5, 100);
        source.Record("a", 50);
        source.Record("b", 300);
        var target = new DurationEstimator(0.5, 100);
        target.Record("stale", 0);

        target.Restore(source.Snapshot());

        Assert.Equal(75, target.EstimateMs("a"));
        Assert.Equal(200, target.EstimateMs("b"));
        Assert.Equal(100, target.EstimateMs("stale"));
        Assert.Equal(source.Snapshot().OrderBy(p => p.Key), target.Snapshot().OrderBy(p => p.Key));
    }

    [Fact]
    public void Restore_InvalidValue_ThrowsAndKeepsEstimates()
    {
        var estimator = new DurationEstimator(0.5, 100);
        estimator.Record("a", 50);

        Assert.Throws<ArgumentOutOfRangeException>(
            () => estimator.Restore(new Dictionary<string, double> { ["a"] = 1, ["b"] = double.NaN }));
        Assert.Equal(75, estimator.EstimateMs("a"));
    }

    [Fact]
    public void Snapshot_LaterRecord_DoesNotChangeSnapshot()
    {
        var estimator = new DurationEstimator(0.5, 100);
        estimator.Record("a", 50);
        var snapshot = estimator.Snapshot();

        estimator.Record("a", 25);

        Assert.Equal(75, snapshot["a"]);
    }
}
