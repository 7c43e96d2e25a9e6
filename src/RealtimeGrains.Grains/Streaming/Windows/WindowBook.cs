using System.Buffers;

namespace RealtimeGrains.Streaming.Windows;

/// <summary>
/// The open windows of one key, as plain data (a window processor keeps one per key as its state). A window
/// closes once the watermark reaches its end plus the allowed lateness; closed windows are reported in window
/// order by <see cref="Close"/> and dropped. The book remembers the highest watermark it was given, so a
/// watermark that goes back never reopens a window.
/// </summary>
internal sealed class WindowBook(WindowSpec spec)
{
    /// <summary>Event times start here (Unix ms, about year 3), so that every window fits in <see cref="DateTimeOffset"/>.</summary>
    public const long MinEventTimeMs = -62_135_596_800_000 + (2 * WindowDeclaration.MaxDurationMs);

    /// <summary>Event times end here (Unix ms, about year 9997).</summary>
    public const long MaxEventTimeMs = 253_402_300_799_999 - (2 * WindowDeclaration.MaxDurationMs);

    private const byte Format = 1;
    private const WindowAggregates AllAggregates = (WindowAggregates)0xFF;
    private readonly List<OpenWindow> _open = [];

    public WindowSpec Spec { get; } = spec;

    /// <summary>The highest watermark given to <see cref="Add"/> or <see cref="Close"/>; <see cref="long.MinValue"/> before any.</summary>
    public long WatermarkMs { get; private set; } = long.MinValue;

    public int OpenWindows => _open.Count;

    /// <summary>When the earliest open window closes (its end plus the allowed lateness): the event-time timer to set; null when none is open.</summary>
    public long? NextCloseAt => _open.Count == 0 ? null : CloseAt(_open[0].Start);

    /// <summary>
    /// Adds <paramref name="value"/> at <paramref name="eventTimeMs"/> to each of its windows still open at
    /// <paramref name="watermarkMs"/>. Returns true when the event is late: all its windows have closed
    /// (end + allowed lateness &lt;= watermark), and nothing was added.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The event time is outside [<see cref="MinEventTimeMs"/>, <see cref="MaxEventTimeMs"/>].</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN or infinite.</exception>
    public bool Add(long eventTimeMs, double value, long watermarkMs)
    {
        if (eventTimeMs is < MinEventTimeMs or > MaxEventTimeMs)
        {
            throw new ArgumentOutOfRangeException(nameof(eventTimeMs), eventTimeMs, $"event times are Unix milliseconds from {MinEventTimeMs} to {MaxEventTimeMs}");
        }

        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"a window takes finite numbers, not {value}", nameof(value));
        }

        WatermarkMs = Math.Max(WatermarkMs, watermarkMs);
        var assigner = Spec.Assigner;
        if (CloseAt(assigner.LastStart(eventTimeMs)) <= WatermarkMs)
        {
            return true;
        }

        Span<long> starts = stackalloc long[assigner.WindowsPerEvent];
        assigner.Assign(eventTimeMs, starts);
        foreach (var start in starts)
        {
            if (CloseAt(start) > WatermarkMs)
            {
                Window(start).Add(value);
            }
        }

        return false;
    }

    /// <summary>Removes the windows that have closed at <paramref name="watermarkMs"/> and returns their results for <paramref name="key"/>, in window order.</summary>
    public IReadOnlyList<WindowResult> Close(string key, long watermarkMs)
    {
        WatermarkMs = Math.Max(WatermarkMs, watermarkMs);
        var closed = 0;
        while (closed < _open.Count && CloseAt(_open[closed].Start) <= WatermarkMs)
        {
            closed++;
        }

        if (closed == 0)
        {
            return [];
        }

        var results = new WindowResult[closed];
        for (var i = 0; i < closed; i++)
        {
            var (start, window) = _open[i];
            results[i] = window.ToResult(key, start, start + Spec.Assigner.SizeMs, Spec.Aggregates);
        }

        _open.RemoveRange(0, closed);
        return results;
    }

    /// <summary>
    /// Format byte, the spec's window size, slide, allowed lateness and aggregates (so a book reads back without
    /// its declaration), watermark (zigzag), number of windows, then each window's start in slides (the first
    /// zigzag, later ones as the gap from the previous) and its accumulator.
    /// </summary>
    public void Write(IBufferWriter<byte> into)
    {
        WindowCodec.WriteByte(into, Format);
        WindowCodec.WriteCount(into, Spec.Assigner.SizeMs);
        WindowCodec.WriteCount(into, Spec.Assigner.SlideMs);
        WindowCodec.WriteCount(into, Spec.AllowedLatenessMs);
        WindowCodec.WriteCount(into, (long)Spec.Aggregates);
        WindowCodec.WriteSigned(into, WatermarkMs);
        WindowCodec.WriteCount(into, _open.Count);
        var previous = 0L;
        for (var i = 0; i < _open.Count; i++)
        {
            var slides = _open[i].Start / Spec.Assigner.SlideMs;
            if (i == 0)
            {
                WindowCodec.WriteSigned(into, slides);
            }
            else
            {
                WindowCodec.WriteCount(into, slides - previous);
            }

            _open[i].Window.Write(into);
            previous = slides;
        }
    }

    /// <summary>
    /// Reads a book written by <see cref="Write"/>, advancing <paramref name="data"/> past it. Its
    /// <see cref="Spec"/> is the one it was written with (without a late output): compare it with the current
    /// declaration to notice a change of window size, slide, lateness or aggregates.
    /// </summary>
    /// <exception cref="FormatException">The bytes are not a consistent book.</exception>
    public static WindowBook Read(ref ReadOnlySpan<byte> data)
    {
        var format = WindowCodec.ReadByte(ref data, "window book format");
        if (format != Format)
        {
            throw new FormatException($"window book format {format} is not known (this version reads {Format})");
        }

        var size = WindowCodec.ReadCount(ref data, "window book size", 1, WindowDeclaration.MaxDurationMs);
        var slide = WindowCodec.ReadCount(ref data, "window book slide", 1, size);
        var lateness = WindowCodec.ReadCount(ref data, "window book allowed lateness", 0, WindowDeclaration.MaxDurationMs);
        var aggregates = WindowCodec.ReadCount(ref data, "window book aggregates", 0, (long)AllAggregates);
        WindowSpec spec;
        try
        {
            spec = new WindowSpec(size, slide, (WindowAggregates)aggregates, lateness);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"window book spec: {ex.Message}", ex);
        }

        var book = new WindowBook(spec) { WatermarkMs = WindowCodec.ReadSigned(ref data, "window book watermark") };
        var count = WindowCodec.ReadCount(ref data, "window book window count", 0, data.Length);
        var (lowest, highest) = ((MinEventTimeMs - size) / slide, MaxEventTimeMs / slide);
        var slides = 0L;
        for (var i = 0; i < count; i++)
        {
            slides = i == 0
                ? WindowCodec.ReadSigned(ref data, "window book first window start")
                : slides + WindowCodec.ReadCount(ref data, "window book window start gap", 1, highest - lowest);
            if (slides < lowest || slides > highest)
            {
                throw new FormatException($"window book window start {slides} slides of {slide} ms is out of range {lowest}-{highest}");
            }

            var start = slides * slide;
            WindowAccumulator window;
            try
            {
                window = WindowAccumulator.Read(ref data);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"window book window at {start}: {ex.Message}", ex);
            }

            if (window.Count == 0)
            {
                throw new FormatException($"window book window at {start} is empty (open windows hold at least one event)");
            }

            book._open.Add(new OpenWindow(start, window));
        }

        return book;
    }

    private long CloseAt(long start) => start + Spec.Assigner.SizeMs + Spec.AllowedLatenessMs;

    /// <summary>The window starting at <paramref name="start"/>, created (in start order) when it is not open yet.</summary>
    private WindowAccumulator Window(long start)
    {
        int lo = 0, hi = _open.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_open[mid].Start < start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        if (lo < _open.Count && _open[lo].Start == start)
        {
            return _open[lo].Window;
        }

        var window = new WindowAccumulator(Spec.NeedsSketch);
        _open.Insert(lo, new OpenWindow(start, window));
        return window;
    }

    private readonly record struct OpenWindow(long Start, WindowAccumulator Window);
}
