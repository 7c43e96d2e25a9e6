using Orleans.Concurrency;

namespace RealtimeGrains.Streaming;

/// <summary>
/// Owns one partition (a contiguous bucket range) of a stream and the per-key state of its keys. Key:
/// <c>{stream}/{partition}</c>. Producers' batches arrive through <see cref="Ingest"/> (called by the gateway silo's
/// <see cref="IStreamIngressGrain"/>), and processors' of other streams through <see cref="Deliver"/>.
/// </summary>
public interface IPartitionGrain : IGrainWithStringKey
{
    /// <summary>State of one key, or null if the key has none.</summary>
    Task<KeyStateView?> GetKey(string key);

    /// <summary>This partition's counters.</summary>
    Task<PartitionStats> GetStats();

    /// <summary>
    /// Applies a batch emitted by a processor (checked and deduplicated like a producer's) and returns once the
    /// checkpoint that covers it is written.
    /// </summary>
    /// <exception cref="BatchRejectedException">The batch was refused (CRC, shape, target, window).</exception>
    [AlwaysInterleave]
    Task Deliver(StreamBatch batch);

    /// <summary>
    /// Applies a producer's batch (checked and deduplicated) and returns once the checkpoint that covers it is written,
    /// with the address of the silo this partition lives on (so the caller can count silo hops). A batch carrying
    /// <see cref="StreamBatch.ReplyTo"/> is also acknowledged, or refused, there.
    /// </summary>
    /// <exception cref="BatchRejectedException">The batch was refused (CRC, shape, target, window).</exception>
    [AlwaysInterleave]
    Task<SiloAddress> Ingest([Immutable] StreamBatch batch);

    /// <summary>Retained outputs of <paramref name="key"/> after sequence <paramref name="after"/>, at most <paramref name="max"/>.</summary>
    Task<OutputPage> ReadOutputs(string key, long after, int max);

    /// <summary>
    /// Starts (or, with the same id, restarts) a subscription: retained outputs it asks for are sent at once,
    /// then new ones as they are checkpointed. The subscription lasts <c>SubscriptionLeaseMs</c> unless renewed.
    /// Returns, for each key whose outputs are followed from now on (not replayed), the sequence it starts after:
    /// a key not listed starts at sequence 1.
    /// </summary>
    /// <exception cref="ArgumentException">The stream retains no outputs (<c>Retain</c> is 0).</exception>
    Task<IReadOnlyDictionary<string, long>> Subscribe(IOutputObserver observer, OutputSubscription subscription);

    /// <summary>Extends a subscription's lease; false when this activation does not know it (subscribe again).</summary>
    Task<bool> Renew(Guid subscription);

    Task Unsubscribe(Guid subscription);
}
