namespace RealtimeGrains.Placement;

/// <summary>What a silo publishes about itself every refresh: its capacity and application load.</summary>
[GenerateSerializer, Immutable, Alias("rtg.silo-load-report")]
public sealed record SiloLoadReport
{
    /// <summary>The silo (parsable address).</summary>
    [Id(0)] public required string Silo { get; init; }

    /// <summary>Configured capacity weight (default: processor count).</summary>
    [Id(1)] public required double Capacity { get; init; }

    /// <summary>Tasks running on the silo now.</summary>
    [Id(2)] public int RunningTasks { get; init; }

    /// <summary>Task slots of the silo (tasks it runs at once).</summary>
    [Id(3)] public int TaskSlots { get; init; }

    /// <summary>When the silo published this (UTC).</summary>
    [Id(4)] public DateTimeOffset At { get; init; }
}
