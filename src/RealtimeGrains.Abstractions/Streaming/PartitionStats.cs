namespace RealtimeGrains.Streaming;

/// <summary>Counters of one partition (or, summed, of a stream).</summary>
[GenerateSerializer, Immutable, Alias("rtg.partition-stats")]
public sealed record PartitionStats
{
    [Id(0)] public int Partition { get; init; }

    [Id(1)] public long EventsApplied { get; init; }

    [Id(2)] public long Keys { get; init; }

    [Id(3)] public long Batches { get; init; }

    [Id(4)] public long CrcFailures { get; init; }

    [Id(5)] public long Malformed { get; init; }

    [Id(6)] public long DuplicatesDropped { get; init; }

    [Id(7)] public long Checkpoints { get; init; }

    /// <summary>Events whose payload the processor refused (for example, not a number for <c>sum</c>).</summary>
    [Id(8)] public long EventsRejected { get; init; }

    /// <summary>Keys removed because they were not updated for the stream's <c>KeyTtlMs</c>.</summary>
    [Id(9)] public long KeysExpired { get; init; }

    /// <summary>Bytes written by checkpoints: changed keys, compacted segments, producer windows, counters.</summary>
    [Id(10)] public long CheckpointBytes { get; init; }

    /// <summary>Bucket segments rewritten by compaction.</summary>
    [Id(11)] public long SegmentsCompacted { get; init; }

    /// <summary>Events the processor counted as late (behind the partition's watermark).</summary>
    [Id(12)] public long EventsLate { get; init; }

    /// <summary>Timers fired.</summary>
    [Id(13)] public long TimersFired { get; init; }

    /// <summary>Timers pending.</summary>
    [Id(14)] public long Timers { get; init; }

    /// <summary>Output batches and task submissions not yet acknowledged.</summary>
    [Id(15)] public long PendingEffects { get; init; }

    /// <summary>Producers whose dedup window the partition remembers (at most <c>MaxProducersPerPartition</c>).</summary>
    [Id(16)] public long Producers { get; init; }

    /// <summary>Adds two stats; the partition of the result is -1 (a total).</summary>
    public static PartitionStats operator +(PartitionStats a, PartitionStats b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new PartitionStats
        {
            Partition = -1,
            EventsApplied = a.EventsApplied + b.EventsApplied,
            Keys = a.Keys + b.Keys,
            Batches = a.Batches + b.Batches,
            CrcFailures = a.CrcFailures + b.CrcFailures,
            Malformed = a.Malformed + b.Malformed,
            DuplicatesDropped = a.DuplicatesDropped + b.DuplicatesDropped,
            Checkpoints = a.Checkpoints + b.Checkpoints,
            EventsRejected = a.EventsRejected + b.EventsRejected,
            KeysExpired = a.KeysExpired + b.KeysExpired,
            CheckpointBytes = a.CheckpointBytes + b.CheckpointBytes,
            SegmentsCompacted = a.SegmentsCompacted + b.SegmentsCompacted,
            EventsLate = a.EventsLate + b.EventsLate,
            TimersFired = a.TimersFired + b.TimersFired,
            Timers = a.Timers + b.Timers,
            PendingEffects = a.PendingEffects + b.PendingEffects,
            Producers = a.Producers + b.Producers,
        };
    }
}
