namespace RealtimeGrains.Streaming.State;

/// <summary>
/// A key's state as a partition holds it, inline in its bucket's dictionary (no object per key): the fields of
/// <see cref="KeyState"/>, when the key last changed and its checkpoint flags. Processors see a
/// <see cref="KeyState"/> filled from it (<see cref="ToState"/>) and written back (<see cref="Store"/>).
/// </summary>
internal struct KeyEntry
{
    /// <summary>Events applied to the key.</summary>
    public long Count;

    /// <summary>The processor's number.</summary>
    public double Number;

    /// <summary>The processor's bytes.</summary>
    public byte[]? Bytes;

    /// <summary>When the key last changed, in <see cref="StateClock"/> seconds (for key expiry).</summary>
    public uint Touched;

    /// <summary>Changed since the last checkpoint, and listed in its bucket's changed keys.</summary>
    public bool Dirty;

    /// <summary>Has a field in its bucket's stored delta (counts toward the bucket's compaction).</summary>
    public bool InDelta;

    public KeyEntry(KeyState state, uint touched)
    {
        ArgumentNullException.ThrowIfNull(state);
        Store(state);
        Touched = touched;
    }

    /// <summary>The key's state as processors see it (a copy).</summary>
    public readonly KeyState ToState() => new() { Count = Count, Number = Number, Bytes = Bytes };

    /// <summary>Takes the processor-visible fields of <paramref name="state"/>.</summary>
    public void Store(KeyState state)
    {
        Count = state.Count;
        Number = state.Number;
        Bytes = state.Bytes;
    }

    /// <summary>Fills <paramref name="state"/> with this key's processor-visible fields.</summary>
    public readonly void CopyTo(KeyState state)
    {
        state.Count = Count;
        state.Number = Number;
        state.Bytes = Bytes;
    }
}

/// <summary>State time: whole seconds since 2020-01-01 UTC, small enough for 4 bytes per key until 2156.</summary>
internal static class StateClock
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static uint Seconds(DateTimeOffset now) => (uint)Math.Clamp((now - Epoch).TotalSeconds, 0, uint.MaxValue);
}
