namespace RealtimeGrains.Streaming;

/// <summary>Retained outputs of one key read from its partition.</summary>
[GenerateSerializer, Immutable, Alias("rtg.output-page")]
public sealed record OutputPage
{
    /// <summary>Outputs in sequence order.</summary>
    [Id(0)] public required IReadOnlyList<StreamOutput> Outputs { get; init; }

    /// <summary>The oldest sequence still retained for the key (0 when it has none).</summary>
    [Id(1)] public long FirstRetained { get; init; }

    /// <summary>The newest sequence of the key (0 when it has none).</summary>
    [Id(2)] public long Last { get; init; }
}
