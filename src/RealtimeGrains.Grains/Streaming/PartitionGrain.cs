using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using RealtimeGrains.Storage;
using RealtimeGrains.Streaming.Processing;
using RealtimeGrains.Streaming.State;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Streaming;

/// <summary>
/// Owns one partition of one stream: checks each batch (CRC, target, shape), drops duplicates, applies events
/// through the stream's processor, fires its timers, checkpoints what changed with group commit, and only after
/// the checkpoint that covers them acknowledges batches, sends the processor's outputs and tasks, and pushes
/// retained outputs to subscribers.
/// </summary>
internal sealed partial class PartitionGrain(
    IPartitionStateStore store,
    StreamCatalog catalog,
    Serializer serializer,
    IOptions<StreamingOptions> options,
    TimeProvider time,
    ILocalSiloDetails silo,
    ILogger<PartitionGrain> logger)
    : Grain, IPartitionGrain
{
    /// <summary>Timers one tick may fire (the rest fire on the next tick).</summary>
    private const int TimerBudget = 50_000;

    /// <summary>How long a tick that found work of the partition's own keeps it from idle collection (every tick renews it).</summary>
    private static readonly TimeSpan KeepWhileBusy = TimeSpan.FromMinutes(5);

    private readonly StreamingOptions _options = options.Value;
    private PendingAcks _pending = new();
    private readonly ProducerWindows _producers = new(options.Value.MaxProducersPerPartition, TimeSpan.FromMinutes(options.Value.ProducerRetentionMinutes));
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private readonly OutputSubscribers _subscribers = new();
    private PartitionCounters _counters = new();
    private IProcessorRuntime? _runtime;
    private EffectOutbox? _outbox;
    private string _stream = "";
    private int _partition = -1;
    private DeclaredStream? _declared;
    private KeyValuePair<string, object?> _tag;
    private TimeSpan _checkpointInterval;
    private long _lastCheckpoint;
    private long _lastBatch;
    private long _pendingSince;
    private bool _fenced;
    private GroupCommit _commit = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (PartitionGrainKey.TryParse(this.GetPrimaryKeyString(), out _stream, out _partition)
            && catalog.TryGet(_stream, out var declared) && _partition < declared.Definition.Partitions)
        {
            _declared = declared;
        }

        _tag = new("stream", _declared is null ? "(undeclared)" : _stream);
        _checkpointInterval = TimeSpan.FromMilliseconds(_options.CheckpointIntervalMs);
        _commit = new GroupCommit(CheckpointAsync, time, TimeSpan.Zero);
        if (_declared is null)
        {
            return;
        }

        await LoadAsync(_declared);
        this.RegisterGrainTimer(_ =>
        {
            Tick();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(_checkpointInterval, _checkpointInterval) { KeepAlive = false });
        if (_declared.Definition.KeyTtlMs > 0)
        {
            var period = TimeSpan.FromMilliseconds(Math.Clamp(_declared.Definition.KeyTtlMs / 4, 250, 10_000));
            this.RegisterGrainTimer(_ => ExpireKeys(), new GrainTimerCreationOptions(period, period) { KeepAlive = false });
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync();

    public async Task<SiloAddress> Ingest(StreamBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Accept(batch, waiter) is { } rejection)
        {
            batch.ReplyTo?.OnRejected(rejection).Ignore();
            throw new BatchRejectedException(rejection);
        }

        await waiter.Task;
        return silo.SiloAddress;
    }

    /// <summary>
    /// Checks, deduplicates and applies a batch; the batch is acknowledged (its <see cref="StreamBatch.ReplyTo"/> and
    /// <paramref name="waiter"/>) after the checkpoint that covers it. Returns why it was refused, or null.
    /// </summary>
    private BatchRejection? Accept(StreamBatch item, TaskCompletionSource waiter)
    {
        var span = Spans.StartBatch(_stream, _partition, item);
        var outcome = "error";
        try
        {
            var rejection = CheckAndApply(item, waiter, out var duplicate);
            outcome = rejection?.Reason.ToString() ?? (duplicate ? "duplicate" : "applied");
            return rejection;
        }
        finally
        {
            Spans.EndBatch(span, outcome, rejected: outcome is not ("applied" or "duplicate"));
        }
    }

    private BatchRejection? CheckAndApply(StreamBatch item, TaskCompletionSource waiter, out bool duplicate)
    {
        duplicate = false;
        StreamMetrics.BatchesReceived.Add(1, _tag);
        if (_declared is null || _runtime is null)
        {
            return Rejection(item, BatchRejectReason.Malformed, $"stream '{_stream}' partition {_partition} is not declared on this silo");
        }

        var definition = _declared.Definition;
        if (item.Events?.Length > _options.MaxBatchBytes)
        {
            _counters.Malformed++;
            StreamMetrics.Malformed.Add(1, _tag);
            return Rejection(item, BatchRejectReason.Malformed, $"{item.Events.Length} bytes of events are over the limit of {_options.MaxBatchBytes} bytes (RealtimeGrains:Streaming:MaxBatchBytes)");
        }

        switch (BatchCodec.Check(item, _stream, _partition, definition.MaxKeyBytes, definition.MaxPayloadBytes, _declared.Partitioner))
        {
            case BatchCheck.CrcMismatch:
                _counters.CrcFailures++;
                StreamMetrics.CrcFailures.Add(1, _tag);
                LogCrcMismatch(logger, _stream, _partition, item.ProducerId, item.Sequence);
                return Rejection(item, BatchRejectReason.CrcMismatch, "CRC mismatch");
            case BatchCheck.WrongTarget:
            case BatchCheck.Malformed:
                _counters.Malformed++;
                StreamMetrics.Malformed.Add(1, _tag);
                LogMalformed(logger, _stream, _partition, item.ProducerId, item.Sequence);
                return Rejection(item, BatchRejectReason.Malformed, "malformed or misaddressed batch");
        }

        var now = time.GetUtcNow();
        var window = _producers.For(item.ProducerId, item.AcknowledgedUpTo, now);
        switch (window.TryAccept(item.Sequence, _options.DedupWindow))
        {
            case SequenceOutcome.OutOfWindow:
                return Rejection(item, BatchRejectReason.OutOfWindow, $"sequence {item.Sequence} is more than {_options.DedupWindow} ahead of {window.Contiguous}");
            case SequenceOutcome.Duplicate:
                duplicate = true;
                _counters.DuplicatesDropped++;
                StreamMetrics.DuplicatesDropped.Add(1, _tag);
                break;
            default:
                var result = _runtime.Apply(item.Events, now);
                _counters.Batches++;
                _counters.EventsApplied += result.Applied;
                _counters.EventsRejected += result.Rejected;
                _counters.EventsLate += result.Late;
                StreamMetrics.EventsApplied.Add(result.Applied, _tag);
                if (result.Rejected > 0)
                {
                    StreamMetrics.EventsRejected.Add(result.Rejected, _tag);
                }

                break;
        }

        if (_pending.Count == 0)
        {
            _pendingSince = time.GetTimestamp();
            CheckpointWithinInterval();
        }

        _pending.Add(item.ProducerId, item.Sequence, item.ReplyTo, waiter);

        _lastBatch = time.GetTimestamp();
        if (CheckpointDue)
        {
            RequestCheckpoint();
        }

        return null;
    }

    /// <summary>
    /// Asks for a checkpoint one interval from now without a grain timer: a deactivating partition's timers are stopped,
    /// and Orleans waits for the <see cref="Ingest"/> calls in flight, which wait for the checkpoint that covers them.
    /// </summary>
    private void CheckpointWithinInterval() =>
        Task.Delay(_checkpointInterval, time).ContinueWith(
            static (_, grain) => ((PartitionGrain)grain!).RequestCheckpoint(), this, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Current).Ignore();

    /// <summary>The periodic turn: timers, idle compaction, effects to resend, subscriber leases, checkpoint.</summary>
    private void Tick()
    {
        if (_runtime is null || _fenced)
        {
            return;
        }

        var fired = _runtime.Tick(time.GetUtcNow(), TimerBudget);
        if (_runtime.Timers > 0 || _outbox?.Pending > 0)
        {
            // Work of its own (timers, unsent outputs, tasks to collect): idle collection must not end it.
            DelayDeactivation(KeepWhileBusy);
        }

        _counters.TimersFired += fired;
        _outbox?.Pump();
        _subscribers.Expire(time.GetUtcNow());
        CompactWhenIdle();
        RequestCheckpoint();
    }

    public Task<PartitionStats> GetStats()
    {
        Declared();
        var c = _counters;
        return Task.FromResult(new PartitionStats
        {
            Partition = _partition,
            EventsApplied = c.EventsApplied,
            Keys = _runtime?.Count ?? 0,
            Batches = c.Batches,
            CrcFailures = c.CrcFailures,
            Malformed = c.Malformed,
            DuplicatesDropped = c.DuplicatesDropped,
            Checkpoints = c.Checkpoints,
            EventsRejected = c.EventsRejected,
            KeysExpired = c.KeysExpired,
            CheckpointBytes = c.CheckpointBytes,
            SegmentsCompacted = c.SegmentsCompacted,
            EventsLate = c.EventsLate,
            TimersFired = c.TimersFired,
            Timers = _runtime?.Timers ?? 0,
            PendingEffects = _outbox?.Pending ?? 0,
            Producers = _producers.Count,
        });
    }

    private BatchRejection Rejection(StreamBatch batch, BatchRejectReason reason, string detail) => new()
    {
        Stream = _stream,
        Partition = _partition,
        ProducerId = batch.ProducerId,
        Sequence = batch.Sequence,
        Reason = reason,
        Detail = detail,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "CRC mismatch on stream {Stream} partition {Partition}: batch {Sequence} of producer {ProducerId} refused")]
    private static partial void LogCrcMismatch(ILogger logger, string stream, int partition, Guid producerId, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed batch on stream {Stream} partition {Partition}: batch {Sequence} of producer {ProducerId} refused")]
    private static partial void LogMalformed(ILogger logger, string stream, int partition, Guid producerId, long sequence);
}
