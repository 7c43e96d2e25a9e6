using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>
/// Runs a <see cref="KeyedProcessor{TState,TOutput}"/> over one partition's keys: applies events, fires timers,
/// delivers task outcomes, and turns what the processor did into checkpointed changes (key state and extras,
/// retained outputs) and effects handed to the partition's <see cref="EffectOutbox"/>. Effects of a call are
/// buffered and dropped when the call rejects or throws, so a refused event touches nothing.
/// </summary>
internal sealed partial class ProcessorRuntime<TState, TOutput> : IProcessorRuntime
{
    private readonly KeyedProcessor<TState, TOutput> _processor;
    private readonly DeclaredStream _stream;
    private readonly PartitionStateTable<TState> _table;
    private readonly EffectOutbox _outbox;
    private readonly StreamCatalog _catalog;
    private readonly Serializer _serializer;
    private readonly ILogger _logger;
    private readonly CallEffects _effects = new();
    private readonly RejectionLog _rejections;
    private ReadOnlyMemory<byte> _key;
    private KeyExtras? _currentExtras;
    private string? _keyString;
    private long _eventTimeMs;
    private long _nowMs;

    public ProcessorRuntime(KeyedProcessor<TState, TOutput> processor, DeclaredStream stream, int partition, EffectOutbox outbox, StreamCatalog catalog, Serializer serializer, ILogger logger)
    {
        _processor = processor;
        _stream = stream;
        _outbox = outbox;
        _catalog = catalog;
        _serializer = serializer;
        _logger = logger;
        _rejections = new RejectionLog(logger, stream.Definition.Name, partition);
        Scope = StateScope.Of(stream.Definition, partition);
        _table = new PartitionStateTable<TState>(Scope, stream.Definition.Buckets, processor.StateCodec ?? new OrleansStateCodec<TState>(serializer));
    }

    public StateScope Scope { get; }

    public long Count => _table.Count;

    public bool HasChanges => _table.HasChanges;

    internal StreamDefinition Definition => _stream.Definition;

    internal string CurrentKey => _keyString ??= System.Text.Encoding.UTF8.GetString(_key.Span);

    internal ReadOnlySpan<byte> CurrentKeyBytes => _key.Span;

    internal DateTimeOffset CurrentEventTime => DateTimeOffset.FromUnixTimeMilliseconds(_eventTimeMs);

    internal DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(_nowMs);

    public void Load(StoredPartition stored)
    {
        _table.Load(stored);
        RebuildTimers();
    }

    private string FullReason => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"a new key is refused: the partition holds {_table.Count} keys (RealtimeGrains:Streaming:MaxKeysPerPartition = {_stream.MaxKeysPerPartition})");

    private string AheadReason(long eventTimeMs) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"event time {eventTimeMs} is {eventTimeMs - _nowMs} ms ahead of the partition's clock (RealtimeGrains:Streaming:MaxEventTimeAheadMs = {_stream.MaxEventTimeAheadMs})");

    /// <summary>
    /// Applies the checked events of one batch; an event for a new key is rejected once the partition holds
    /// <c>MaxKeysPerPartition</c> keys, and an event whose time is more than <c>MaxEventTimeAheadMs</c> ahead is rejected.
    /// </summary>
    public ApplyResult Apply(ReadOnlyMemory<byte> events, DateTimeOffset now)
    {
        _nowMs = now.ToUnixTimeMilliseconds();
        var touched = StateClock.Seconds(now);
        var partitioner = _stream.Partitioner;
        int applied = 0, rejected = 0, late = 0;
        var reader = new EventReader(events.Span);
        while (reader.TryRead(out var key, out var payload, out var meta))
        {
            var bucket = partitioner.Bucket(key);
            events.Span.Overlaps(key, out var offset);
            var eventTime = meta.EventTimeMs ?? _nowMs;

            // Event times are at least 0 (the reader refuses larger varints), so the difference cannot overflow.
            var ahead = eventTime - _nowMs > _stream.MaxEventTimeAheadMs;
            if (!ahead)
            {
                ObserveEventTime(eventTime);
            }

            ref var entry = ref _table.Find(bucket, key);
            var isNew = Unsafe.IsNullRef(ref entry);
            var state = isNew ? _processor.CreateState() : entry.State;
            Begin(bucket, events.Slice(offset, key.Length), eventTime, isNew ? null : entry.Extras);
            var context = new KeyContext<TState, TOutput>(ref state, this);
            if (ahead)
            {
                // One such event would move the partition's watermark past every later event, making them all late.
                _effects.Rejected = AheadReason(eventTime);
            }
            else if (isNew && _table.Count >= _stream.MaxKeysPerPartition)
            {
                _effects.Rejected = FullReason;
            }
            else
            {
                try
                {
                    _processor.Dispatch(payload, meta, ref context);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    _effects.Rejected ??= $"{ex.GetType().Name}: {ex.Message}";
                }
            }

            late += _effects.Late;
            if (_effects.Rejected is { } reason)
            {
                rejected++;
                _rejections.Add(CurrentKey, reason);
                continue;
            }

            if (isNew)
            {
                entry = ref _table.Add(bucket, key, state, touched);
            }
            else
            {
                entry.State = state;
                _table.Changed(bucket, key, ref entry, touched);
            }

            Commit(bucket, ref entry, touched);
            if (_stream.Definition.Retain > 0 && !_effects.Cleared)
            {
                entry = ref _table.Find(bucket, key);
                Retain(bucket, ref entry, eventTime, meta.Typed, payload);
            }

            applied++;
        }

        return new ApplyResult(applied, rejected, late);
    }

    public void TaskFinished(byte[] key, TaskOutcome outcome, DateTimeOffset now)
    {
        _nowMs = now.ToUnixTimeMilliseconds();
        var touched = StateClock.Seconds(now);
        var bucket = _stream.Partitioner.Bucket(key);
        ref var entry = ref _table.Find(bucket, key);
        if (Unsafe.IsNullRef(ref entry))
        {
            entry = ref _table.Add(bucket, key, _processor.CreateState(), touched);
        }

        if (entry.Extras is { PendingTasks: > 0 } extras)
        {
            extras.PendingTasks--;
        }

        RunHandler(bucket, key, ref entry, _nowMs, touched, $"task outcome {outcome.SubmissionId}", (processor, ref context) => processor.OnTaskFinished(outcome, ref context));
    }

    private delegate void Handler(KeyedProcessor<TState, TOutput> processor, ref KeyContext<TState, TOutput> context);

    /// <summary>
    /// Runs a timer or task-outcome handler for a held key: the key's state changes and the handler's effects take
    /// place unless it rejects or throws (then it is logged as <paramref name="what"/>); the key is written either way,
    /// since what led to the call (a spent timer, a finished submission) changed it.
    /// </summary>
    private void RunHandler(int bucket, byte[] key, ref KeyEntry<TState> entry, long eventTimeMs, uint touched, string what, Handler handler)
    {
        var state = entry.State;
        Begin(bucket, key, eventTimeMs, entry.Extras);
        var context = new KeyContext<TState, TOutput>(ref state, this);
        try
        {
            handler(_processor, ref context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _effects.Rejected ??= $"{ex.GetType().Name}: {ex.Message}";
        }

        if (_effects.Rejected is { } reason)
        {
            _rejections.Add(CurrentKey, $"{what}: {reason}");
            _effects.Clear();
        }
        else
        {
            entry.State = state;
        }

        _table.Changed(bucket, key, ref entry, touched);
        Commit(bucket, ref entry, touched);
    }

    /// <summary>Starts a processor call for <paramref name="key"/>.</summary>
    private void Begin(int bucket, ReadOnlyMemory<byte> key, long eventTimeMs, KeyExtras? extras)
    {
        _bucket = bucket;
        _key = key;
        _currentExtras = extras;
        _keyString = null;
        _eventTimeMs = eventTimeMs;
        _effects.Clear();
    }

    /// <summary>Applies the buffered effects of a successful call to the key and the outbox.</summary>
    private void Commit(int bucket, ref KeyEntry<TState> entry, uint touched)
    {
        var effects = _effects;
        if (!effects.Any)
        {
            return;
        }

        if (effects.Timers.Count > 0)
        {
            var extras = entry.Extras ??= new KeyExtras();
            var stored = _table.StoredKey(bucket, _key.Span);
            foreach (var op in effects.Timers)
            {
                ApplyTimer(bucket, stored, extras, op);
            }
        }

        if (effects.Tasks.Count > 0)
        {
            var extras = entry.Extras ??= new KeyExtras();
            var stored = _table.StoredKey(bucket, _key.Span);
            foreach (var (queue, spec) in effects.Tasks)
            {
                extras.EffectSequence++;
                extras.PendingTasks++;
                _outbox.Submit(queue, spec, stored);
            }
        }

        foreach (var emit in effects.Emits)
        {
            _outbox.Emit(emit.Target, emit.Key, emit.Payload, emit.Meta);
        }

        if ((effects.LogAppends.Count > 0 || effects.LogDropped > 0) && !effects.Cleared)
        {
            CommitLog(bucket, entry.Extras ??= new KeyExtras());
        }

        if (effects.Cleared)
        {
            _timerCount -= entry.Extras?.TimerCount ?? 0;
            _table.Remove(bucket, _key.Span);
        }

        effects.Clear();
    }

    internal void RejectCurrent(string reason) => _effects.Rejected ??= string.IsNullOrWhiteSpace(reason) ? "rejected by the processor" : reason;

    internal void CountLate() => _effects.Late++;

    internal void ClearCurrent() => _effects.Cleared = true;

    internal bool TryDecode<TEvent>(ReadOnlySpan<byte> payload, out TEvent value, out string error)
    {
        try
        {
            var decoded = _serializer.Deserialize<object>(payload);
            if (decoded is TEvent typed)
            {
                value = typed;
                error = "";
                return true;
            }

            error = $"an event of type {decoded?.GetType().Name ?? "null"} where the stream's processor '{_stream.Definition.Processor}' takes {typeof(TEvent).Name}";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error = $"the payload does not decode as {typeof(TEvent).Name}: {ex.Message}";
        }

        value = default!;
        return false;
    }

    public PendingChanges TakeChanges()
    {
        (_inCheckpoint, _retained) = (_retained, _inCheckpoint);
        return _table.TakeChanges();
    }

    public void Failed(PendingChanges changes)
    {
        _table.Failed(changes);
        _inCheckpoint.AddRange(_retained);
        (_inCheckpoint, _retained) = (_retained, _inCheckpoint);
        _inCheckpoint.Clear();
    }

    public int Expire(uint cutoff, int budget) => _table.Expire(cutoff, budget);

    public bool CompactIdle(int minFields, int scan, int budgetBytes) => _table.CompactIdle(minFields, scan, budgetBytes);
}
