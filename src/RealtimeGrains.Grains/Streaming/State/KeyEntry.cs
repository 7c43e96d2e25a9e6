namespace RealtimeGrains.Streaming.State;

/// <summary>
/// A key's state as a partition holds it: the processor's <see cref="KeyState"/>, when it last changed and
/// its checkpoint flags, stored inline in the bucket's dictionary (no object of its own).
/// </summary>
internal struct KeyEntry(KeyState state, uint touched)
{
    /// <summary>The processor's state.</summary>
    public KeyState State = state;

    /// <summary>When the key last changed, in <see cref="StateClock"/> seconds (for key expiry).</summary>
    public uint Touched = touched;

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
