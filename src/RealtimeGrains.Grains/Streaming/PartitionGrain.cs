using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using RealtimeGrains.Storage;
using RealtimeGrains.Streaming.State;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Streaming;

/// <summary>
/// Owns one partition of one stream: checks each batch (CRC, target, shape), drops duplicates, applies
/// events through the stream's processor, checkpoints what changed with group commit, and acknowledges a
/// batch only after the checkpoint that covers it is written.
/// </summary>
[RegexImplicitStreamSubscription(PartitionStreamNamespace.Pattern)]
internal sealed partial class PartitionGrain(
    IPartitionStateStore store,
    StreamCatalog catalog,
    IOptions<StreamingOptions> options,
    TimeProvider time,
    ILogger<PartitionGrain> logger)
    : Grain, IPartitionGrain, IStreamSubscriptionObserver, IAsyncObserver<StreamBatch>
{
    private readonly StreamingOptions _options = options.Value;
    private PendingAcks _pending = new();
    private readonly ProducerWindows _producers = new(options.Value.MaxProducersPerPartition, TimeSpan.FromMinutes(options.Value.ProducerRetentionMinutes));
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private PartitionCounters _counters = new();
    private PartitionStateTable? _table;
    private string _stream = "";
    private int _partition = -1;
    private DeclaredStream? _declared;
    private KeyValuePair<string, object?> _tag;
    private TimeSpan _checkpointInterval;
    private long _lastCheckpoint;
    private long _lastBatch;
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

        await LoadAsync(_declared.Definition);
        this.RegisterGrainTimer(_ =>
        {
            CompactWhenIdle();
            RequestCheckpoint();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(_checkpointInterval, _checkpointInterval) { KeepAlive = false });
        if (_declared.Definition.KeyTtlMs > 0)
        {
            var period = TimeSpan.FromMilliseconds(Math.Clamp(_declared.Definition.KeyTtlMs / 4, 250, 10_000));
            this.RegisterGrainTimer(_ => ExpireKeys(), new GrainTimerCreationOptions(period, period) { KeepAlive = false });
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync();

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<StreamBatch>().ResumeAsync(this);

    public Task OnNextAsync(StreamBatch item, StreamSequenceToken? token = null)
    {
        StreamMetrics.BatchesReceived.Add(1, _tag);
        if (_declared is null || _table is null)
        {
            Reject(item, BatchRejectReason.Malformed, $"stream '{_stream}' partition {_partition} is not declared on this silo");
            return Task.CompletedTask;
        }

        var definition = _declared.Definition;
        switch (BatchCodec.Check(item, _stream, _partition, definition.MaxKeyBytes, definition.MaxPayloadBytes))
        {
            case BatchCheck.CrcMismatch:
                _counters.CrcFailures++;
                StreamMetrics.CrcFailures.Add(1, _tag);
                LogCrcMismatch(logger, _stream, _partition, item.ProducerId, item.Sequence);
                Reject(item, BatchRejectReason.CrcMismatch, "CRC mismatch");
                return Task.CompletedTask;
            case BatchCheck.WrongTarget:
            case BatchCheck.Malformed:
                _counters.Malformed++;
                StreamMetrics.Malformed.Add(1, _tag);
                LogMalformed(logger, _stream, _partition, item.ProducerId, item.Sequence);
                Reject(item, BatchRejectReason.Malformed, "malformed or misaddressed batch");
                return Task.CompletedTask;
        }

        var now = time.GetUtcNow();
        var window = _producers.For(item.ProducerId, item.AcknowledgedUpTo, now);
        switch (window.TryAccept(item.Sequence, _options.DedupWindow))
        {
            case SequenceOutcome.OutOfWindow:
                Reject(item, BatchRejectReason.OutOfWindow, $"sequence {item.Sequence} is more than {_options.DedupWindow} ahead of {window.Contiguous}");
                return Task.CompletedTask;
            case SequenceOutcome.Duplicate:
                _counters.DuplicatesDropped++;
                StreamMetrics.DuplicatesDropped.Add(1, _tag);
                break;
            default:
                var (applied, rejected) = EventApplier.Apply(_table, _declared.Partitioner, item.Events, _declared.Processor, StateClock.Seconds(now));
                _counters.Batches++;
                _counters.EventsApplied += applied;
                _counters.EventsRejected += rejected;
                StreamMetrics.EventsApplied.Add(applied, _tag);
                break;
        }

        _pending.Add(item.ProducerId, item.Sequence, item.ReplyTo);
        _lastBatch = time.GetTimestamp();
        if (CheckpointDue)
        {
            RequestCheckpoint();
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => FlushAsync();

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public Task<KeyStateView?> GetKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = System.Text.Encoding.UTF8.GetBytes(key);
        if (_declared is null || _table is null || !_table.TryGet(_declared.Partitioner.Bucket(bytes), bytes, out var entry))
        {
            return Task.FromResult<KeyStateView?>(null);
        }

        var state = entry.ToState();
        return Task.FromResult<KeyStateView?>(new KeyStateView
        {
            Stream = _stream,
            Key = key,
            Partition = _partition,
            Count = state.Count,
            Number = state.Number,
            Bytes = state.Bytes,
            Value = _declared.Processor.Render(state),
        });
    }

    public Task<PartitionStats> GetStats()
    {
        var c = _counters;
        return Task.FromResult(new PartitionStats
        {
            Partition = _partition,
            EventsApplied = c.EventsApplied,
            Keys = _table?.Count ?? 0,
            Batches = c.Batches,
            CrcFailures = c.CrcFailures,
            Malformed = c.Malformed,
            DuplicatesDropped = c.DuplicatesDropped,
            Checkpoints = c.Checkpoints,
            EventsRejected = c.EventsRejected,
            KeysExpired = c.KeysExpired,
            CheckpointBytes = c.CheckpointBytes,
            SegmentsCompacted = c.SegmentsCompacted,
        });
    }

    private void Reject(StreamBatch batch, BatchRejectReason reason, string detail) =>
        batch.ReplyTo?.OnRejected(new BatchRejection
        {
            Stream = _stream,
            Partition = _partition,
            ProducerId = batch.ProducerId,
            Sequence = batch.Sequence,
            Reason = reason,
            Detail = detail,
        }).Ignore();

    [LoggerMessage(Level = LogLevel.Warning, Message = "CRC mismatch on stream {Stream} partition {Partition}: batch {Sequence} of producer {ProducerId} refused")]
    private static partial void LogCrcMismatch(ILogger logger, string stream, int partition, Guid producerId, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed batch on stream {Stream} partition {Partition}: batch {Sequence} of producer {ProducerId} refused")]
    private static partial void LogMalformed(ILogger logger, string stream, int partition, Guid producerId, long sequence);
}
