using System.Runtime.CompilerServices;
using RealtimeGrains.Streaming.State;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>Timers and the watermark.</summary>
internal sealed partial class ProcessorRuntime<TState, TOutput>
{
    private readonly PriorityQueue<TimerRef, long> _processingTimers = new();
    private readonly PriorityQueue<TimerRef, long> _eventTimers = new();
    private int _timerCount;
    private long _maxEventTimeMs;
    private long _watermarkMs;
    private long _lastEventAtMs;

    public int Timers => _timerCount;

    public long MaxEventTimeMs => _maxEventTimeMs;

    public long WatermarkMs => _watermarkMs;

    internal DateTimeOffset Watermark => DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(0, _watermarkMs));

    /// <summary>Restores the event time seen and the watermark from the partition's record.</summary>
    public void RestoreWatermark(long maxEventTimeMs, long watermarkMs)
    {
        _maxEventTimeMs = maxEventTimeMs;
        _watermarkMs = watermarkMs;
    }

    public int Tick(DateTimeOffset now, int budget)
    {
        _nowMs = now.ToUnixTimeMilliseconds();
        if (_nowMs - _lastEventAtMs >= _stream.Definition.WatermarkIdleMs)
        {
            // No event for a while: let the watermark follow processing time so windows still close.
            _watermarkMs = Math.Max(_watermarkMs, _nowMs - _stream.Definition.AllowedLatenessMs);
        }

        var fired = 0;
        while (fired < budget && _processingTimers.TryPeek(out var timer, out var due) && due <= _nowMs)
        {
            _processingTimers.Dequeue();
            fired += Fire(timer) ? 1 : 0;
        }

        while (fired < budget && _eventTimers.TryPeek(out var timer, out var due) && due <= _watermarkMs)
        {
            _eventTimers.Dequeue();
            fired += Fire(timer) ? 1 : 0;
        }

        return fired;
    }

    private void ObserveEventTime(long eventTimeMs)
    {
        _lastEventAtMs = _nowMs;
        if (eventTimeMs > _maxEventTimeMs)
        {
            _maxEventTimeMs = eventTimeMs;
            _watermarkMs = Math.Max(_watermarkMs, eventTimeMs - _stream.Definition.AllowedLatenessMs);
        }
    }

    /// <summary>Fires one indexed timer if it is still set as indexed; false for a stale index entry.</summary>
    private bool Fire(TimerRef timer)
    {
        ref var entry = ref _table.Find(timer.Bucket, timer.Key);
        if (Unsafe.IsNullRef(ref entry) || entry.Extras?.Timers is not { } timers)
        {
            return false;
        }

        var index = timers.FindIndex(t => t.Name == timer.Name && t.DueMs == timer.DueMs && t.EventTime == timer.EventTime);
        if (index < 0)
        {
            return false;
        }

        var set = timers[index];
        if (set.RepeatMs > 0)
        {
            var periods = ((_nowMs - set.DueMs) / set.RepeatMs) + 1;
            var next = set with { DueMs = set.DueMs + (periods * set.RepeatMs) };
            timers[index] = next;
            Index(timer.Bucket, timer.Key, next);
        }
        else
        {
            timers.RemoveAt(index);
            _timerCount--;
        }

        if (!timer.EventTime)
        {
            StreamMetrics.TimerLag.Record(Math.Max(0, _nowMs - timer.DueMs), _stream.Tag);
        }

        var touched = StateClock.Seconds(DateTimeOffset.FromUnixTimeMilliseconds(_nowMs));
        // The timer is spent either way: a timer whose handler throws every time must not fire for ever.
        var fired = new ProcessorTimer(timer.Name, DateTimeOffset.FromUnixTimeMilliseconds(timer.DueMs), timer.EventTime);
        RunHandler(timer.Bucket, timer.Key, ref entry, timer.EventTime ? timer.DueMs : _nowMs, touched, $"timer '{timer.Name}'", (processor, ref context) => processor.OnTimer(fired, ref context));
        return true;
    }

    internal void SetTimer(string name, DateTimeOffset due, TimeSpan? repeat, bool eventTime)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var dueMs = due.ToUnixTimeMilliseconds();
        if (eventTime && dueMs <= _watermarkMs)
        {
            throw new ArgumentException($"event-time timer '{name}' at {due:O} is not after the watermark {Watermark:O}: it is in the past", nameof(due));
        }

        if (!eventTime && dueMs < _nowMs)
        {
            throw new ArgumentException($"timer '{name}' at {due:O} is in the past (now {Now:O})", nameof(due));
        }

        var repeatMs = (long)(repeat?.TotalMilliseconds ?? 0);
        if (repeat is not null && repeatMs < 1)
        {
            throw new ArgumentException($"timer '{name}' repeats every {repeat}: the period must be at least 1 ms", nameof(repeat));
        }

        _effects.Timers.Add(new TimerOp(name, dueMs, repeatMs, eventTime));
    }

    internal DateTimeOffset? TimerDue(string name)
    {
        for (var i = _effects.Timers.Count - 1; i >= 0; i--)
        {
            if (_effects.Timers[i].Name == name)
            {
                return _effects.Timers[i].DueMs < 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(_effects.Timers[i].DueMs);
            }
        }

        return _currentExtras?.Timers?.Find(t => t.Name == name) is { Name: not null } timer ? DateTimeOffset.FromUnixTimeMilliseconds(timer.DueMs) : null;
    }

    internal bool CancelTimer(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var exists = _currentExtras?.Timers?.Exists(t => t.Name == name) == true;
        for (var i = _effects.Timers.Count - 1; i >= 0; i--)
        {
            if (_effects.Timers[i].Name == name)
            {
                exists = _effects.Timers[i].DueMs >= 0;
                break;
            }
        }

        _effects.Timers.Add(new TimerOp(name, -1, 0, false));
        return exists;
    }

    private void ApplyTimer(int bucket, byte[] key, KeyExtras extras, TimerOp op)
    {
        var timers = extras.Timers ??= [];
        var index = timers.FindIndex(t => t.Name == op.Name);
        if (op.DueMs < 0)
        {
            if (index >= 0)
            {
                timers.RemoveAt(index);
                _timerCount--;
            }

            return;
        }

        var timer = new KeyTimer(op.Name, op.DueMs, op.RepeatMs, op.EventTime);
        if (index >= 0)
        {
            timers[index] = timer;
        }
        else
        {
            timers.Add(timer);
            _timerCount++;
        }

        Index(bucket, key, timer);
    }

    private void Index(int bucket, byte[] key, KeyTimer timer)
    {
        (timer.EventTime ? _eventTimers : _processingTimers).Enqueue(new TimerRef(bucket, key, timer.Name, timer.DueMs, timer.EventTime), timer.DueMs);
        if (_processingTimers.Count + _eventTimers.Count > (4L * _timerCount) + 4096)
        {
            // Timers moved again and again leave stale entries behind until their old due time: drop them.
            RebuildTimers();
        }
    }

    private void RebuildTimers()
    {
        _processingTimers.Clear();
        _eventTimers.Clear();
        _timerCount = 0;
        foreach (var (bucket, key, extras) in _table.KeysWithExtras())
        {
            foreach (var timer in extras.Timers ?? [])
            {
                Index(bucket, key, timer);
                _timerCount++;
            }
        }
    }

    private readonly record struct TimerRef(int Bucket, byte[] Key, string Name, long DueMs, bool EventTime);
}
