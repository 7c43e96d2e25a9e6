namespace RealtimeGrains.Scheduling;

/// <summary>
/// Cancellation tokens that fire at attempt deadlines. Every attempt whose deadline falls in the same
/// <see cref="Resolution"/> slice shares one token, so thousands of short attempts a second need a
/// handful of timers rather than one each. Deadlines are rounded up: an attempt may run up to one
/// <see cref="Resolution"/> longer than its timeout, never shorter. Thread-safe (a silo singleton).
/// </summary>
internal sealed class AttemptTimeouts(TimeProvider time)
{
    /// <summary>Granularity of deadlines.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<long, CancellationTokenSource> _bySlice = [];

    /// <summary>A token cancelled no earlier than <paramref name="timeout"/> from now.</summary>
    public CancellationToken After(TimeSpan timeout)
    {
        // Monotonic time: a wall clock set back must not make a new deadline share an earlier slice.
        var now = time.GetElapsedTime(0).Ticks;
        var slice = ((now + timeout.Ticks) / Resolution.Ticks) + 1;
        lock (_lock)
        {
            if (_bySlice.TryGetValue(slice, out var shared))
            {
                return shared.Token;
            }

            // Not disposed: tokens handed out stay usable after it fires, and a fired one holds no timer.
            var source = new CancellationTokenSource(TimeSpan.FromTicks((slice * Resolution.Ticks) - now), time);
            _bySlice.Add(slice, source);
            source.Token.UnsafeRegister(static state => ((Expiry)state!).Run(), new Expiry(this, slice));
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

    private sealed record Expiry(AttemptTimeouts Owner, long Slice)
    {
        public void Run() => Owner.Forget(Slice);
    }

    private void Forget(long slice)
    {
        lock (_lock)
        {
            _bySlice.Remove(slice);
        }
    }
}
