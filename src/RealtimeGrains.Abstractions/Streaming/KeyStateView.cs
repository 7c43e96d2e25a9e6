namespace RealtimeGrains.Streaming;

/// <summary>The state of one key as a query returns it.</summary>
[GenerateSerializer, Immutable, Alias("rtg.key-state-view")]
public sealed record KeyStateView
{
    [Id(0)] public required string Stream { get; init; }

    [Id(1)] public required string Key { get; init; }

    [Id(2)] public required int Partition { get; init; }

    [Id(3)] public required long Count { get; init; }

    [Id(4)] public double Number { get; init; }

    [Id(5)] public byte[]? Bytes { get; init; }

    /// <summary>The processor's rendering of the value (the count, the sum, the last payload as text).</summary>
    [Id(6)] public required string Value { get; init; }
}
