using RealtimeGrains.Placement;

namespace RealtimeGrains.Tests.Placement;

public sealed class LoadScorerTests
{
    private static readonly PlacementOptions Defaults = new();

    [Fact]
    public void Choose_BurstOverCapacities1And3_SplitsOneToThreeByLocalCounting()
    {
        var scorer = new LoadScorer(Defaults);
        var candidates = new[] { Idle("a", capacity: 1), Idle("b", capacity: 3) };

        for (var i = 0; i < 4_000; i++)
        {
            var chosen = scorer.Choose(candidates, new Random(1));
            candidates[chosen] = candidates[chosen] with { PlacedSinceRefresh = candidates[chosen].PlacedSinceRefresh + 1 };
        }

        Assert.Equal(1_000, candidates[0].PlacedSinceRefresh);
        Assert.Equal(3_000, candidates[1].PlacedSinceRefresh);
    }

    [Fact]
    public void Choose_RunningTasks_PrefersLowerLoadPerCapacity()
    {
        var scorer = new LoadScorer(Defaults);

        var chosen = scorer.Choose([Idle("a", 1) with { RunningTasks = 3 }, Idle("b", 4) with { RunningTasks = 8 }], new Random(1));

        Assert.Equal(1, chosen);
    }

    [Fact]
    public void Choose_OverloadedSilo_IsExcludedWhileAnotherCanTakeIt()
    {
        var scorer = new LoadScorer(Defaults);
        var candidates = new[] { Idle("a", 100) with { Overloaded = true }, Idle("b", 1) with { RunningTasks = 50 }, Idle("c", 100) with { CpuFraction = 0.97 } };

        Assert.Equal(1, scorer.Choose(candidates, new Random(1)));
    }

    [Fact]
    public void Choose_EverySiloOverloaded_StillPlacesOnTheLeastLoaded()
    {
        var scorer = new LoadScorer(Defaults);
        var candidates = new[] { Idle("a", 1) with { Overloaded = true, RunningTasks = 9 }, Idle("b", 1) with { Overloaded = true, RunningTasks = 2 } };

        Assert.Equal(1, scorer.Choose(candidates, new Random(1)));
    }

    [Fact]
    public void Choose_EqualScores_PicksLowestAddressWhateverTheOrder()
    {
        var scorer = new LoadScorer(Defaults);

        Assert.Equal(2, scorer.Choose([Idle("S10.0.0.3:1:1", 2), Idle("S10.0.0.2:1:1", 2), Idle("S10.0.0.1:1:1", 2)], new Random(1)));
        Assert.Equal(0, scorer.Choose([Idle("S10.0.0.1:1:1", 2), Idle("S10.0.0.3:1:1", 2), Idle("S10.0.0.2:1:1", 2)], new Random(7)));
    }

    [Fact]
    public void Choose_MoreSilosThanSampleSize_ScoresOnlyASampleYetSpreadsLoad()
    {
        var scorer = new LoadScorer(new PlacementOptions { SampleSize = 2 });
        var candidates = Enumerable.Range(0, 50).Select(i => Idle($"s{i:00}", 1)).ToArray();
        var random = new Random(3);

        for (var i = 0; i < 5_000; i++)
        {
            var chosen = scorer.Choose(candidates, random);
            candidates[chosen] = candidates[chosen] with { PlacedSinceRefresh = candidates[chosen].PlacedSinceRefresh + 1 };
        }

        // Power of two choices: the most loaded silo stays close to the mean (100).
        Assert.InRange(candidates.Max(c => c.PlacedSinceRefresh), 100, 110);
        Assert.InRange(candidates.Min(c => c.PlacedSinceRefresh), 90, 100);
    }

    [Fact]
    public void Options_BadTaskStrategy_NamesAllowedValues()
    {
        var errors = new PlacementOptions { TaskStrategy = "fastest" }.Validate();

        Assert.Equal(["RealtimeGrains:Placement:TaskStrategy = 'fastest' is not valid; allowed: weighted, round-robin, random, activation-count, resource-optimized"], errors);
    }

    private static LoadCandidate Idle(string silo, double capacity) => new(silo, capacity, 0, 0, 0, 0, false, 0);
}
