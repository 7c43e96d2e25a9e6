using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using RealtimeGrains.Placement;
using RealtimeGrains.Testing;

namespace RealtimeGrains.ClusterTests.Placement;

/// <summary>Weighted placement on its own cluster: two silos with capacity weights 1 and 3.</summary>
public sealed class WeightedPlacementTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;
    private long _nextKey;

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.DeployAsync(silo => new Dictionary<string, string?>
        {
            // The first silo (Silo_0) has capacity 1; every other one three times that.
            ["RealtimeGrains:Placement:CapacityWeight"] = silo == "Silo_0" ? "1" : "3",
            ["RealtimeGrains:Placement:RefreshIntervalMs"] = "200",
        });
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task WeightedLoad_CapacityOneToThree_SplitsActivationsWithinTenPercentOf25To75()
    {
        await WaitForCapacitiesAsync();

        var placed = await PlaceAsync(2_000);

        var primary = _cluster.Silos.Single(s => s.Name == "Silo_0").SiloAddress.ToParsableString();
        var share = placed.Count(p => p == primary) / (double)placed.Count;
        Assert.InRange(share, 0.225, 0.275);
    }

    [Fact]
    public async Task WeightedLoad_SiloAddedMidRun_ReceivesNewActivations()
    {
        await PlaceAsync(300);
        var added = await _cluster.StartAdditionalSiloAsync();
        await _cluster.WaitForLivenessToStabilizeAsync();
        var newSilo = added.SiloAddress.ToParsableString();

        IReadOnlyList<string> placed = [];
        await Eventually.TrueAsync(async () => (placed = await PlaceAsync(300)).Contains(newSilo), TimeSpan.FromSeconds(30),
            "the added silo to receive new activations");

        Assert.Contains(newSilo, placed);
    }

    [Fact]
    public async Task WeightedLoad_StoppedSilo_GetsNone()
    {
        var stopped = _cluster.Silos.Single(s => s.Name != "Silo_0");
        await _cluster.StopSiloAsync(stopped);
        await _cluster.WaitForLivenessToStabilizeAsync();

        var placed = await PlaceAsync(300);

        Assert.DoesNotContain(stopped.SiloAddress.ToParsableString(), placed);
        Assert.Equal(300, placed.Count);
    }

    [Fact]
    public async Task RoundRobin_TwoSilos_AlternatesEvenly()
    {
        var placed = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => _cluster.Client.GetGrain<IRoundRobinProbeGrain>(Interlocked.Increment(ref _nextKey)).Silo()));

        Assert.All(placed.GroupBy(p => p), g => Assert.InRange(g.Count(), 180, 220));
        Assert.Equal(2, placed.Distinct().Count());
    }

    /// <summary>Waits until every silo's load view knows every silo's capacity (published once per refresh).</summary>
    private async Task WaitForCapacitiesAsync()
    {
        var silos = _cluster.Silos.Select(s => s.SiloAddress).ToArray();
        await Eventually.TrueAsync(
            () => Task.FromResult(_cluster.Silos.All(s =>
            {
                var view = _cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<ClusterLoadView>();
                return view.Candidates(silos).Select(c => c.Capacity).Order().SequenceEqual([1.0, 3.0]);
            })),
            TimeSpan.FromSeconds(30),
            "every silo to see capacities 1 and 3");
    }

    private async Task<IReadOnlyList<string>> PlaceAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => _cluster.Client.GetGrain<IPlacementProbeGrain>(Interlocked.Increment(ref _nextKey)).Silo()));
}
