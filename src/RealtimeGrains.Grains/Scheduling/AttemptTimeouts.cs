namespace RealtimeGrains.Scheduling;

/// <summary>
/// Cancellation tokens that fire at attempt deadlines. Every attempt whose deadline falls in the same
/// slice shares one token, so thousands of short attempts a second need a handful of timers rather than
/// one each. A slice is <see cref="Resolution"/> wide for timeouts up to <see cref="SlicesPerTimeout"/>
/// times that, and doubles in width as timeouts grow past it, so the slices waiting to fire stay bounded
/// (about 2 × <see cref="SlicesPerTimeout"/> per doubling of the longest timeout) however long timeouts are
/// and however many attempts arrive. Deadlines are rounded up: an attempt may run up to one slice
/// (10 ms, or 0.2% of a long timeout) longer than its timeout, never shorter. Thread-safe (a silo singleton).
/// </summary>
internal sealed class AttemptTimeouts(TimeProvider time)
{
    /// <summary>Granularity of deadlines.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(10);

    /// <summary>A timeout spans at most about this many slices.</summary>
    public const int SlicesPerTimeout = 1000;

    private readonly Lock _lock = new();
    private readonly Dictionary<(long Width, long Index), CancellationTokenSource> _bySlice = [];

    /// <summary>A token cancelled no earlier than <paramref name="timeout"/> from now.</summary>
    public CancellationToken After(TimeSpan timeout)
    {
        // Monotonic time: a wall clock set back must not make a new deadline share an earlier slice.
        var now = time.GetElapsedTime(0).Ticks;
        var width = Resolution.Ticks;
        while (width * SlicesPerTimeout < timeout.Ticks)
        {
            width *= 2;
        }

        var slice = (width, ((now + timeout.Ticks) / width) + 1);
        lock (_lock)
        {
            if (_bySlice.TryGetValue(slice, out var shared))
            {
                return shared.Token;
            }

            // Not disposed: tokens handed out stay usable after it fires, and a fired one holds no timer.
            var source = new CancellationTokenSource(TimeSpan.FromTicks((slice.Item2 * width) - now), time);
            _bySlice.Add(slice, source);
            source.Token.UnsafeRegister(_ => Forget(slice), null);
            return source.Token;
        }
    }

    /// <summary>Slices waiting to fire (for tests).</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _bySlice.Count;
            }
        }
    }

    private void Forget((long Width, long Index) slice)
    {
        lock (_lock)
        {
            _bySlice.Remove(slice);
        }
    }
}
