namespace RealtimeGrains.Placement;

/// <summary>
/// Chooses a silo for a new activation: the lowest load per unit of capacity. Countable load (running
/// tasks, activations, and the placements this director made since its last refresh, so a burst does not
/// herd onto one silo) is divided by capacity; CPU and memory utilization are already relative. Overloaded
/// silos are skipped while any other can take the activation. Above the sample size, a random sample is
/// scored (power-of-k choices). Ties go to the lowest silo address (ordinal), so decisions are deterministic.
/// </summary>
internal sealed class LoadScorer(PlacementOptions options)
{
    public double Score(in LoadCandidate c)
    {
        var countable = options.TaskWeight * (c.RunningTasks + c.PlacedSinceRefresh)
            + options.ActivationWeight * (c.Activations + c.PlacedSinceRefresh) / options.ActivationsPerUnit;
        return countable / Math.Max(c.Capacity, 1e-9) + options.CpuWeight * c.CpuFraction + options.MemoryWeight * c.MemoryFraction;
    }

    public bool IsOverloaded(in LoadCandidate c) => c.Overloaded || c.CpuFraction * 100 >= options.OverloadCpuPercent;

    /// <summary>Index of the chosen candidate; <paramref name="random"/> only drives sampling.</summary>
    public int Choose(IReadOnlyList<LoadCandidate> candidates, Random random)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(random);
        if (candidates.Count == 0)
        {
            throw new ArgumentException("no candidate silo", nameof(candidates));
        }

        var indices = Enumerable.Range(0, candidates.Count).ToArray();
        var considered = indices.AsSpan();
        if (candidates.Count > options.SampleSize)
        {
            for (var i = 0; i < options.SampleSize; i++)
            {
                var j = random.Next(i, indices.Length);
                (indices[i], indices[j]) = (indices[j], indices[i]);
            }

            considered = considered[..options.SampleSize];
        }

        var anyHealthy = false;
        foreach (var i in considered)
        {
            anyHealthy |= !IsOverloaded(candidates[i]);
        }

        var best = -1;
        var bestScore = double.MaxValue;
        foreach (var i in considered)
        {
            if (anyHealthy && IsOverloaded(candidates[i]))
            {
                continue;
            }

            var score = Score(candidates[i]);
            if (best < 0 || score < bestScore || (score == bestScore && string.CompareOrdinal(candidates[i].Silo, candidates[best].Silo) < 0))
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }
}
