namespace RealtimeGrains.Streaming;

/// <summary>
/// Per-key state a processor keeps: how many events the key has seen, a number (sum, average, ...) and
/// bytes (last payload, a sketch, ...). The partition grain counts events; the processor owns the rest.
/// </summary>
[GenerateSerializer, Alias("rtg.key-state")]
public sealed class KeyState
{
    /// <summary>Events applied to this key.</summary>
    [Id(0)] public long Count { get; set; }

    /// <summary>A numeric value the processor maintains.</summary>
    [Id(1)] public double Number { get; set; }

    /// <summary>Bytes the processor maintains.</summary>
    [Id(2)] public byte[]? Bytes { get; set; }
}
