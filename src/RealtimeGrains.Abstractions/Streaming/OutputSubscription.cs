namespace RealtimeGrains.Streaming;

/// <summary>
/// What a subscriber asks a partition for: one key or all its keys, and where to start. Retained outputs after
/// <see cref="After"/> are sent first (for a key not listed: none when <see cref="FromStart"/> is false, all retained
/// when it is true), then every new output until the subscription is cancelled or its lease runs out.
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.output-subscription")]
public sealed record OutputSubscription
{
    /// <summary>Subscription id, chosen by the subscriber (a renewal or resubscription uses the same id).</summary>
    [Id(0)] public required Guid Id { get; init; }

    /// <summary>The one key followed, or null for every key of the partition.</summary>
    [Id(1)] public string? Key { get; init; }

    /// <summary>The last sequence the subscriber has seen, per key.</summary>
    [Id(2)] public IReadOnlyDictionary<string, long> After { get; init; } = new Dictionary<string, long>();

    /// <summary>Send every retained output of keys not in <see cref="After"/> (else only new ones).</summary>
    [Id(3)] public bool FromStart { get; init; }
}
