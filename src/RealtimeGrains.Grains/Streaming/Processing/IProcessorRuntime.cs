using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>
/// A stream's processor bound to one partition's state: what the partition grain drives without knowing the
/// processor's types. Not thread-safe: the partition grain calls it one turn at a time.
/// </summary>
internal interface IProcessorRuntime
{
    StateScope Scope { get; }

    /// <summary>Keys held.</summary>
    long Count { get; }

    /// <summary>Key changes wait for a checkpoint.</summary>
    bool HasChanges { get; }

    /// <summary>Pending timers of the partition.</summary>
    int Timers { get; }

    /// <summary>Latest event time seen and the watermark (Unix ms), checkpointed with the partition.</summary>
    long MaxEventTimeMs { get; }

    long WatermarkMs { get; }

    void Load(StoredPartition stored);

    /// <summary>Applies checked events; returns how many were applied and rejected (and late, for the counters).</summary>
    ApplyResult Apply(ReadOnlyMemory<byte> events, DateTimeOffset now);

    /// <summary>Advances the watermark (an idle partition follows processing time) and fires due timers, at most <paramref name="budget"/>.</summary>
    int Tick(DateTimeOffset now, int budget);

    /// <summary>Runs the processor's task-finished handler for the key that submitted the task.</summary>
    void TaskFinished(byte[] key, TaskOutcome outcome, DateTimeOffset now);

    KeyStateView? Query(string key);

    OutputPage ReadOutputs(string key, long after, int max);

    /// <summary>Keys with retained outputs and their last sequence.</summary>
    IEnumerable<(string Key, long Last)> RetainedKeys();

    /// <summary>Outputs covered by the checkpoint just written (rendered for subscribers when <paramref name="render"/>).</summary>
    List<StreamOutput> CommittedOutputs(bool render);

    /// <summary>Outputs retained but not yet covered by a written checkpoint.</summary>
    HashSet<(string Key, long Sequence)> UncommittedOutputs();

    void RestoreWatermark(long maxEventTimeMs, long watermarkMs);

    /// <summary>Key changes (and the outputs retained so far) for a checkpoint.</summary>
    PendingChanges TakeChanges();

    void Failed(PendingChanges changes);

    int Expire(uint cutoff, int budget);

    bool CompactIdle(int minFields, int scan, int budgetBytes);
}

/// <summary>Events applied, rejected by the processor, and counted late by it.</summary>
internal readonly record struct ApplyResult(int Applied, int Rejected, int Late);
