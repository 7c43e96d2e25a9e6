using RealtimeGrains.Hosting;

namespace RealtimeGrains.Streaming;

/// <summary>Event streaming on the silo (section <c>RealtimeGrains:Streaming</c>).</summary>
public sealed class StreamingOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Streaming";

    /// <summary>
    /// How often the pulling agents of the silo's Orleans streams (task status changes: producers' batches go to their
    /// partitions by direct calls) read their queues, in ms (Orleans' default, 100 ms, adds latency).
    /// </summary>
    public int PullPeriodMs { get; set; } = 20;

    /// <summary>How long those pulling agents keep messages in their cache, in ms (memory is about their rate times this).</summary>
    public int CacheRetentionMs { get; set; } = 2_000;

    /// <summary>A partition writes a checkpoint at most this long after applying a batch, in ms.</summary>
    public int CheckpointIntervalMs { get; set; } = 5;

    /// <summary>... or as soon as this many batches wait for a checkpoint.</summary>
    public int CheckpointBatches { get; set; } = 64;

    /// <summary>How far ahead of a producer's lowest unapplied sequence a batch may be; beyond it the batch is refused.</summary>
    public int DedupWindow { get; set; } = 1024;

    /// <summary>Producers a partition remembers for deduplication; the longest idle is forgotten beyond this.</summary>
    public int MaxProducersPerPartition { get; set; } = 10_000;

    /// <summary>A producer not heard of for this many minutes is forgotten by a partition (its dedup window freed).</summary>
    public int ProducerRetentionMinutes { get; set; } = 1_440;

    /// <summary>
    /// Largest packed batch (its <c>Events</c>) the ingress and a partition accept, in bytes; a larger one is refused
    /// before it reaches a stream queue. At least every producer's <c>MaxBatchBytes</c> (256 KiB by default) and every
    /// stream's <c>MaxKeyBytes</c> + <c>MaxPayloadBytes</c> + 32 (one event always fits).
    /// </summary>
    public int MaxBatchBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Keys one partition holds at most (about 1 KB of silo memory each); an event for a new key beyond it is rejected
    /// (counted in <c>EventsRejected</c>, logged) while events for held keys apply. <c>KeyTtlMs</c> frees room.
    /// </summary>
    public long MaxKeysPerPartition { get; set; } = 1_000_000;

    /// <summary>
    /// How far ahead of the partition's clock an event time may be, in ms; an event further ahead is rejected (counted in
    /// <c>EventsRejected</c>) instead of moving the partition's watermark, which would make every later event late.
    /// </summary>
    public long MaxEventTimeAheadMs { get; set; } = 86_400_000;

    /// <summary>A subscription to retained outputs lapses unless its subscriber renews it within this many ms.</summary>
    public int SubscriptionLeaseMs { get; set; } = 10_000;

    /// <summary>Bytes an event's packing adds to its key and payload, at most (varint lengths, flags, event time).</summary>
    internal const int MaxEventOverhead = 32;

    /// <summary>Declared streams by name.</summary>
    public IDictionary<string, StreamDeclaration> Streams { get; } = new Dictionary<string, StreamDeclaration>(StringComparer.Ordinal);

    /// <summary>Returns every problem with these options, formatted for an operator.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        OptionCheck.Range(errors, $"{Section}:PullPeriodMs", PullPeriodMs, 1, 10_000);
        OptionCheck.Range(errors, $"{Section}:CacheRetentionMs", CacheRetentionMs, 100, 600_000);
        OptionCheck.Range(errors, $"{Section}:CheckpointIntervalMs", CheckpointIntervalMs, 1, 60_000);
        OptionCheck.Range(errors, $"{Section}:CheckpointBatches", CheckpointBatches, 1, 100_000);
        OptionCheck.Range(errors, $"{Section}:DedupWindow", DedupWindow, 16, 1_000_000);
        OptionCheck.Range(errors, $"{Section}:MaxProducersPerPartition", MaxProducersPerPartition, 1, 10_000_000);
        OptionCheck.Range(errors, $"{Section}:ProducerRetentionMinutes", ProducerRetentionMinutes, 1, 5_256_000);
        OptionCheck.Range(errors, $"{Section}:SubscriptionLeaseMs", SubscriptionLeaseMs, 1_000, 600_000);
        OptionCheck.Range(errors, $"{Section}:MaxKeysPerPartition", MaxKeysPerPartition, 1L, 1_000_000_000L);
        OptionCheck.Range(errors, $"{Section}:MaxEventTimeAheadMs", MaxEventTimeAheadMs, 1_000L, 31_536_000_000L);
        OptionCheck.Range(errors, $"{Section}:MaxBatchBytes", MaxBatchBytes, 256 * 1024, 64 * 1024 * 1024);
        foreach (var (name, stream) in Streams)
        {
            stream.Validate($"{Section}:Streams:{name}", name, errors, [.. Streams.Keys]);
            if ((long)stream.MaxKeyBytes + stream.MaxPayloadBytes + MaxEventOverhead > MaxBatchBytes)
            {
                errors.Add(OptionCheck.Error($"{Section}:MaxBatchBytes", MaxBatchBytes,
                    $"at least {Section}:Streams:{name}:MaxKeyBytes + MaxPayloadBytes + {MaxEventOverhead} = {(long)stream.MaxKeyBytes + stream.MaxPayloadBytes + MaxEventOverhead} (one event must fit in a batch)"));
            }

            if (!string.IsNullOrEmpty(stream.Output) && !Streams.ContainsKey(stream.Output))
            {
                errors.Add(OptionCheck.Error($"{Section}:Streams:{name}:Output", stream.Output, $"a declared stream ({string.Join(", ", Streams.Keys.Order(StringComparer.Ordinal))})"));
            }
        }

        return errors;
    }
}
