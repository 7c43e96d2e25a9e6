using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>The key's log (<see cref="KeyLog"/>): what the key holds, seen through this call's pending appends and drops.</summary>
internal sealed partial class ProcessorRuntime<TState, TOutput> : IKeyLog
{
    private int _bucket;

    private int HeldRecords => _currentExtras?.LogCount ?? 0;

    public int LogCount => HeldRecords + _effects.LogAppends.Count - _effects.LogDropped;

    public long LogBytes => (_currentExtras?.LogBytes ?? 0) + _effects.LogAppendedBytes - _effects.LogDroppedBytes;

    public ReadOnlySpan<byte> LogRecord(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, LogCount);
        var at = _effects.LogDropped + index;
        return at < HeldRecords ? HeldRecord(at) : _effects.LogAppends[at - HeldRecords];
    }

    public void LogAppend(ReadOnlySpan<byte> record)
    {
        if (record.Length > _stream.Definition.MaxPayloadBytes)
        {
            throw new ArgumentException($"a log record of {record.Length} bytes (stream '{_stream.Definition.Name}' allows at most {_stream.Definition.MaxPayloadBytes})", nameof(record));
        }

        _effects.LogAppends.Add(record.ToArray());
        _effects.LogAppendedBytes += record.Length;
    }

    public void LogRemoveFirst(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, LogCount);
        for (var i = 0; i < count; i++)
        {
            _effects.LogDroppedBytes += LogRecord(0).Length;
            _effects.LogDropped++;
        }
    }

    private ReadOnlySpan<byte> HeldRecord(int at)
    {
        var extras = _currentExtras!;
        return _table.GetItem(_bucket, StateCodec.LogItemKey(_key.Span, extras.LogFirst + at))
            ?? throw new InvalidOperationException($"log record {extras.LogFirst + at} of a key of stream '{_stream.Definition.Name}' is missing from the partition's state");
    }

    /// <summary>Applies the call's drops (held records first, then its own appends) and appends to the key.</summary>
    private void CommitLog(int bucket, KeyExtras extras)
    {
        var stored = _table.StoredKey(bucket, _key.Span);
        var dropHeld = Math.Min(_effects.LogDropped, extras.LogCount);
        for (var i = 0; i < dropHeld; i++)
        {
            var item = StateCodec.LogItemKey(stored, extras.LogFirst);
            extras.LogBytes -= _table.GetItem(bucket, item)?.Length ?? 0;
            _table.RemoveItem(bucket, item);
            extras.LogFirst++;
        }

        var appends = _effects.LogAppends;
        for (var i = _effects.LogDropped - dropHeld; i < appends.Count; i++)
        {
            _table.AddItem(bucket, StateCodec.LogItemKey(stored, ++extras.LogLast), appends[i]);
            extras.LogBytes += appends[i].Length;
        }
    }
}
