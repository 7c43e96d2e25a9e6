namespace RealtimeGrains.Streaming.State;

/// <summary>
/// A key's state as a partition holds it, inline in its bucket's dictionary (no object per key): the processor's
/// state, what little else some keys have (<see cref="KeyExtras"/>: timers, retained outputs, pending tasks), when
/// the key last changed and its checkpoint flags.
/// </summary>
internal struct KeyEntry<TState>
{
    /// <summary>The processor's state of the key.</summary>
    public TState State;

    /// <summary>Timers, retained outputs and pending tasks of the key; null for most keys.</summary>
    public KeyExtras? Extras;

    /// <summary>When the key last changed, in <see cref="StateClock"/> seconds (for key expiry).</summary>
    public uint Touched;

    /// <summary>Changed since the last checkpoint, and listed in its bucket's changed keys.</summary>
    public bool Dirty;

    /// <summary>Has a field in its bucket's stored delta (counts toward the bucket's compaction).</summary>
    public bool InDelta;
}

/// <summary>State time: whole seconds since 2020-01-01 UTC, small enough for 4 bytes per key until 2156.</summary>
internal static class StateClock
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static uint Seconds(DateTimeOffset now) => (uint)Math.Clamp((now - Epoch).TotalSeconds, 0, uint.MaxValue);
}
