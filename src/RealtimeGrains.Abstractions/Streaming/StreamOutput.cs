namespace RealtimeGrains.Streaming;

/// <summary>
/// One event retained by a stream for subscribers (an output a processor emitted to it, or an event published
/// to it). <see cref="Sequence"/> counts per key from 1 without gaps, so a subscriber that remembers the last
/// sequence it saw of each key can resume without a gap or a duplicate.
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.stream-output")]
public sealed record StreamOutput
{
    [Id(0)] public required string Stream { get; init; }

    [Id(1)] public required string Key { get; init; }

    /// <summary>Per-key sequence, from 1, dense.</summary>
    [Id(2)] public required long Sequence { get; init; }

    /// <summary>The event's event time, or when the partition received it.</summary>
    [Id(3)] public required DateTimeOffset Time { get; init; }

    /// <summary>The payload: Orleans' binary serialization of a value when <see cref="Typed"/>, else raw bytes.</summary>
    [Id(4)] public required byte[] Payload { get; init; }

    [Id(5)] public bool Typed { get; init; }

    /// <summary>The payload rendered as JSON by the silo (a raw payload as a JSON string when it is UTF-8 text, else base64).</summary>
    [Id(6)] public required string Json { get; init; }
}
