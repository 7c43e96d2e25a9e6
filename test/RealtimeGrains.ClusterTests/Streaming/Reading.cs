namespace RealtimeGrains.ClusterTests.Streaming;

/// <summary>A typed event for the tests: one measurement of one host.</summary>
[GenerateSerializer, Immutable, Alias("rtg-test.reading")]
public sealed record Reading([property: Id(0)] string Host, [property: Id(1)] double Value);
