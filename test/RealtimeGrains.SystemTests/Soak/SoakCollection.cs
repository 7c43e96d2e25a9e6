namespace RealtimeGrains.SystemTests.Soak;

/// <summary>
/// Full-speed soak tests own the machine: they run after the other system tests, never beside them (a soak
/// saturating both cores stretched a Redis restart in another test from 2 s to 32 s).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "soak";
}
