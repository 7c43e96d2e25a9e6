using RealtimeGrains.Hosting;

namespace RealtimeGrains.Placement;

/// <summary>Load-balanced placement (section <c>RealtimeGrains:Placement</c>).</summary>
public sealed class PlacementOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Placement";

    /// <summary>The strategies task grains can be placed with.</summary>
    public static readonly string[] TaskStrategies = ["weighted", "round-robin", "random", "activation-count", "resource-optimized"];

    /// <summary>How task grains are placed: one of <see cref="TaskStrategies"/>.</summary>
    public string TaskStrategy { get; set; } = "weighted";

    /// <summary>This silo's capacity relative to others; 0 means its processor count.</summary>
    public double CapacityWeight { get; set; }

    /// <summary>Task slots (tasks run at once on this silo) per unit of capacity.</summary>
    public int TaskSlotsPerCapacity { get; set; } = 16;

    /// <summary>Score weight of running (and just placed) tasks per unit of capacity.</summary>
    public double TaskWeight { get; set; } = 1;

    /// <summary>Score weight of activations (per <see cref="ActivationsPerUnit"/>) per unit of capacity.</summary>
    public double ActivationWeight { get; set; } = 1;

    /// <summary>Activations that count as one unit of load.</summary>
    public int ActivationsPerUnit { get; set; } = 1000;

    /// <summary>Score weight of CPU utilization (0-1).</summary>
    public double CpuWeight { get; set; } = 1;

    /// <summary>Score weight of memory utilization (0-1).</summary>
    public double MemoryWeight { get; set; } = 0.5;

    /// <summary>A silo at or above this CPU % (or overloaded by Orleans' own measure) gets no new activations while others can take them.</summary>
    public double OverloadCpuPercent { get; set; } = 95;

    /// <summary>With more compatible silos than this, a random sample of this many is scored (power-of-k choices).</summary>
    public int SampleSize { get; set; } = 8;

    /// <summary>How often every silo refreshes its view of the cluster's load, in ms.</summary>
    public int RefreshIntervalMs { get; set; } = 1000;

    /// <summary>
    /// Activation addresses a silo's grain directory cache keeps. Task grains are used once, so Orleans' default
    /// (1,000,000 entries, about 300 bytes each) mostly holds finished tasks' addresses: about 300 MB per silo.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 100_000;

    /// <summary>The capacity weight in effect.</summary>
    public double EffectiveCapacity => CapacityWeight > 0 ? CapacityWeight : Environment.ProcessorCount;

    /// <summary>Task slots in effect: capacity × slots per capacity, at least 1.</summary>
    public int EffectiveTaskSlots => Math.Max(1, (int)Math.Round(EffectiveCapacity * TaskSlotsPerCapacity));

    /// <summary>Returns every problem with these options, formatted for an operator.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        OptionCheck.OneOf(errors, $"{Section}:TaskStrategy", TaskStrategy, TaskStrategies);
        OptionCheck.Range(errors, $"{Section}:CapacityWeight", CapacityWeight, 0, 1_000_000);
        OptionCheck.Range(errors, $"{Section}:TaskSlotsPerCapacity", TaskSlotsPerCapacity, 1, 100_000);
        foreach (var (name, value) in new[] { ("TaskWeight", TaskWeight), ("ActivationWeight", ActivationWeight), ("CpuWeight", CpuWeight), ("MemoryWeight", MemoryWeight) })
        {
            OptionCheck.Range(errors, $"{Section}:{name}", value, 0, 1000);
        }

        OptionCheck.Range(errors, $"{Section}:ActivationsPerUnit", ActivationsPerUnit, 1, 10_000_000);
        OptionCheck.Range(errors, $"{Section}:OverloadCpuPercent", OverloadCpuPercent, 1, 100);
        OptionCheck.Range(errors, $"{Section}:SampleSize", SampleSize, 2, 10_000);
        OptionCheck.Range(errors, $"{Section}:RefreshIntervalMs", RefreshIntervalMs, 50, 600_000);
        OptionCheck.Range(errors, $"{Section}:DirectoryCacheSize", DirectoryCacheSize, 1_000, 100_000_000);
        return errors;
    }
}
