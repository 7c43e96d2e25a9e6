using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RealtimeGrains.Streaming.Processing;
using RealtimeGrains.Streaming.State;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Streaming;

/// <summary>The partition's state: loading it, incremental checkpoints, key expiry.</summary>
internal sealed partial class PartitionGrain
{
    /// <summary>Keys one expiry pass may examine (passes continue where the previous one stopped).</summary>
    private const int ExpiryScanBudget = 200_000;

    /// <summary>A partition that has had no batch for this long is idle.</summary>
    private static readonly TimeSpan IdleAfter = TimeSpan.FromMilliseconds(500);

    /// <summary>An idle partition compacts buckets whose delta holds at least this many fields...</summary>
    private const int IdleCompactionMinFields = 16;

    /// <summary>... looking at this many buckets per checkpoint tick.</summary>
    private const int IdleCompactionScan = 64;

    /// <summary>Name of the field holding the latest event time seen and the watermark.</summary>
    private const string WatermarkField = "w";

    private async Task LoadAsync(DeclaredStream declared)
    {
        var outbox = new EffectOutbox(_stream, _partition, GrainFactory, serializer, time, logger);
        var runtime = declared.Processor.Bind(declared, _partition, outbox, catalog, serializer, logger);
        outbox.OnTaskFinished = (key, outcome) => runtime.TaskFinished(key, outcome, time.GetUtcNow());
        outbox.OnChanged = RequestCheckpoint;
        var started = Stopwatch.GetTimestamp();
        var stored = await store.OpenAsync(runtime.Scope, _owner);
        runtime.Load(stored);
        try
        {
            if (stored.Fields.TryGetValue(PartitionCounters.Field, out var counters))
            {
                _counters = PartitionCounters.Decode(counters);
            }

            if (stored.Fields.TryGetValue(WatermarkField, out var watermark))
            {
                var data = StateCodec.Unseal(watermark);
                runtime.RestoreWatermark((long)Varint.Read(ref data), (long)Varint.Read(ref data));
            }

            _producers.Load(stored.Fields);
            outbox.Load(stored.Fields, name => catalog.TryGet(name, out var target) ? target : null);
        }
        catch (FormatException ex)
        {
            throw new StateCorruptedException(_stream, _partition, -1, ex.Message);
        }

        _runtime = runtime;
        _outbox = outbox;
        outbox.Pump();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogLoaded(logger, _stream, _partition, runtime.Count, stored.Buckets.Count, elapsed);
    }

    /// <summary>
    /// When no batch has come for <see cref="IdleAfter"/>, fold deltas left by a burst of new keys (bounded per tick
    /// like any compaction). Under load compaction follows the half-the-keys rule only.
    /// </summary>
    private void CompactWhenIdle()
    {
        if (_runtime is { HasChanges: false } runtime && _pending.Count == 0 && time.GetElapsedTime(_lastBatch) >= IdleAfter)
        {
            runtime.CompactIdle(IdleCompactionMinFields, IdleCompactionScan, StateTableLimits.FoldBudgetBytes);
        }
    }

    private Task ExpireKeys()
    {
        if (_runtime is null || _declared is null)
        {
            return Task.CompletedTask;
        }

        var cutoff = StateClock.Seconds(time.GetUtcNow() - TimeSpan.FromMilliseconds(_declared.Definition.KeyTtlMs));
        var expired = _runtime.Expire(cutoff, ExpiryScanBudget);
        _counters.KeysExpired += expired;
        StreamMetrics.KeysExpired.Add(expired, _tag);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Group commit: write at once when the last checkpoint is at least an interval old (low latency when quiet),
    /// else let the timer gather more batches into one write (bounded cost when busy); or as soon as
    /// <c>CheckpointBatches</c> batches wait.
    /// </summary>
    private bool CheckpointDue => _pending.Count >= _options.CheckpointBatches || time.GetElapsedTime(_lastCheckpoint) >= _checkpointInterval;

    /// <summary>
    /// Asks for a checkpoint without waiting for it. At most one is written at a time, and batches keep being
    /// applied while it is; the next one covers all of them, so a slow store makes checkpoints larger, not the
    /// partition slower.
    /// </summary>
    private void RequestCheckpoint()
    {
        if (!_fenced && _runtime is not null && (_pending.Count > 0 || _runtime.HasChanges || _outbox?.HasChanges == true))
        {
            _commit.CommitAsync().Ignore();
        }
    }

    /// <summary>Writes what is left, after the checkpoint being written (deactivation, end of stream).</summary>
    private Task FlushAsync() => _runtime is null ? Task.CompletedTask : _commit.CommitAsync();

    private async Task CheckpointAsync()
    {
        if (_runtime is not { } runtime || _outbox is not { } outbox || _fenced || (_pending.Count == 0 && !runtime.HasChanges && !outbox.HasChanges))
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        _lastCheckpoint = time.GetTimestamp();
        var covered = _pending;
        var coveredSince = _pendingSince;
        _pending = new PendingAcks();
        var changes = runtime.TakeChanges();
        var commit = new StateCommit { Buckets = changes.Writes };
        var producers = _producers.WriteChanges(commit.Fields);
        var effects = outbox.WriteChanges(commit.Fields);
        commit.Fields[WatermarkField] = EncodeWatermark(runtime);
        var bytes = commit.Bytes;
        var compacted = changes.Writes.Count(w => w.Segment is not null);
        _counters.Checkpoints++;
        _counters.CheckpointBytes += bytes;
        _counters.SegmentsCompacted += compacted;
        commit.Fields[PartitionCounters.Field] = _counters.Encode();
        try
        {
            await store.CommitAsync(runtime.Scope, _owner, commit);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing is acknowledged or sent; the changes wait for the next checkpoint, which writes them again.
            _counters.Checkpoints--;
            _counters.CheckpointBytes -= bytes;
            _counters.SegmentsCompacted -= compacted;
            runtime.Failed(changes);
            _producers.Failed(producers);
            outbox.Failed(effects);
            _pending.MergeFrom(covered);
            if (covered.Count > 0)
            {
                _pendingSince = coveredSince;
            }
            if (ex is StateFencedException)
            {
                // Another activation of this partition loaded its state: it is the one that acknowledges now.
                _fenced = true;
                LogFenced(logger, _stream, _partition);
                DeactivateOnIdle();
                return;
            }

            LogCheckpointFailed(logger, ex, _stream, _partition);
            return;
        }

        StreamMetrics.CheckpointDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, _tag);
        StreamMetrics.CheckpointBytes.Record(bytes, _tag);
        if (covered.Count > 0)
        {
            StreamMetrics.AckDelay.Record(time.GetElapsedTime(coveredSince).TotalMilliseconds, _tag);
        }

        covered.AcknowledgeAll(_stream, _partition);
        outbox.Committed(effects);
        var outputs = runtime.CommittedOutputs(render: _subscribers.Count > 0);
        if (outputs.Count > 0)
        {
            _subscribers.Push(outputs);
        }
    }

    private static byte[] EncodeWatermark(IProcessorRuntime runtime)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(20);
        Varint.Write(buffer, (ulong)Math.Max(0, runtime.MaxEventTimeMs));
        Varint.Write(buffer, (ulong)Math.Max(0, runtime.WatermarkMs));
        return StateCodec.Sealed(buffer.WrittenSpan);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream} partition {Partition} loaded {Keys} keys from {Buckets} stored buckets in {Milliseconds:F0} ms")]
    private static partial void LogLoaded(ILogger logger, string stream, int partition, long keys, int buckets, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checkpoint of stream {Stream} partition {Partition} failed; acknowledgements held back")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, string stream, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream} partition {Partition}: another activation owns its state; this one stops and acknowledges nothing more")]
    private static partial void LogFenced(ILogger logger, string stream, int partition);
}
