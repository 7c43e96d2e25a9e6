using System.ComponentModel;
using BenchmarkDotNet.Attributes;
using RealtimeGrains.Placement;

namespace RealtimeGrains.Benchmarks.Micro;

/// <summary>One placement decision by the weighted-load scorer over a cluster's silos.</summary>
[MemoryDiagnoser]
[Description("Orleans' default placement decision: a random compatible silo, the same candidates")]
public class PlacementScoringBenchmarks
{
    private readonly Random _random = new(7);
    private LoadScorer _scorer = null!;
    private LoadCandidate[] _candidates = [];

    /// <summary>Compatible silos; above 8 (the sample size) the scorer samples.</summary>
    [Params(3, 16, 128)]
    public int Silos { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scorer = new LoadScorer(new PlacementOptions());
        var random = new Random(42);
        _candidates = [.. Enumerable.Range(0, Silos).Select(i => new LoadCandidate(
            $"S127.0.0.1:{11111 + i}:0", 1 + (i % 3), random.NextDouble(), random.NextDouble(), random.Next(10_000), random.Next(64), false, random.Next(8)))];
    }

    [Benchmark(Baseline = true)]
    public int RandomSilo() => _random.Next(_candidates.Length);

    [Benchmark]
    public int WeightedLoad() => _scorer.Choose(_candidates, _random);
}
