namespace RealtimeGrains.Streaming.Windows;

/// <summary>
/// Which windows an event time falls in. Windows are aligned to the Unix epoch: they start at multiples of the
/// slide and cover [start, start + size). The size is a multiple of the slide, so every event falls in exactly
/// size / slide windows (one for tumbling windows, where slide = size).
/// </summary>
internal readonly record struct WindowAssigner
{
    public const int MaxWindowsPerEvent = 100;

    /// <exception cref="ArgumentException">The size is not positive, or the slide is not a divisor of it giving at most 100 windows per event.</exception>
    public WindowAssigner(long sizeMs, long slideMs)
    {
        if (sizeMs < 1 || slideMs < 1 || slideMs > sizeMs || sizeMs % slideMs != 0 || sizeMs / slideMs > MaxWindowsPerEvent)
        {
            throw new ArgumentException($"windows of {sizeMs} ms sliding by {slideMs} ms: the size must be positive and a multiple of the slide, at most {MaxWindowsPerEvent} times it");
        }

        SizeMs = sizeMs;
        SlideMs = slideMs;
    }

    public long SizeMs { get; }

    public long SlideMs { get; }

    public int WindowsPerEvent => (int)(SizeMs / SlideMs);

    /// <summary>The start of the latest window holding <paramref name="eventTimeMs"/> (the slide boundary at or before it).</summary>
    public long LastStart(long eventTimeMs)
    {
        var offset = eventTimeMs % SlideMs;
        return eventTimeMs - (offset < 0 ? offset + SlideMs : offset);
    }

    /// <summary>The end of the latest window holding <paramref name="eventTimeMs"/>: the event is late once this window has closed.</summary>
    public long LastEnd(long eventTimeMs) => LastStart(eventTimeMs) + SizeMs;

    /// <summary>Writes the starts of the windows holding <paramref name="eventTimeMs"/> into <paramref name="starts"/>, ascending; returns how many.</summary>
    public int Assign(long eventTimeMs, Span<long> starts)
    {
        var count = WindowsPerEvent;
        var first = LastStart(eventTimeMs) - SizeMs + SlideMs;
        for (var i = 0; i < count; i++)
        {
            starts[i] = first + (i * SlideMs);
        }

        return count;
    }

    /// <summary>The starts of the windows holding <paramref name="eventTimeMs"/>, ascending.</summary>
    public long[] Assign(long eventTimeMs)
    {
        var starts = new long[WindowsPerEvent];
        Assign(eventTimeMs, starts);
        return starts;
    }
}
