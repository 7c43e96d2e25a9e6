namespace RealtimeGrains.Streaming.Windows;

/// <summary>A checked window declaration: what the window book of each key works from.</summary>
internal sealed class WindowSpec
{
    /// <exception cref="ArgumentException">A value is out of range (see <see cref="WindowDeclaration"/> for the rules).</exception>
    public WindowSpec(long sizeMs, long slideMs, WindowAggregates aggregates, long allowedLatenessMs = 0, string? lateOutput = null)
    {
        if (sizeMs > WindowDeclaration.MaxDurationMs || allowedLatenessMs is < 0 or > WindowDeclaration.MaxDurationMs)
        {
            throw new ArgumentException($"window size {sizeMs} ms and allowed lateness {allowedLatenessMs} ms must each be within 0-{WindowDeclaration.MaxDurationMs} ms");
        }

        Assigner = new WindowAssigner(sizeMs, slideMs);
        Aggregates = aggregates | WindowAggregates.Count;
        AllowedLatenessMs = allowedLatenessMs;
        LateOutput = lateOutput;
    }

    public WindowAssigner Assigner { get; }

    /// <summary>What results report; always includes <see cref="WindowAggregates.Count"/>.</summary>
    public WindowAggregates Aggregates { get; }

    public long AllowedLatenessMs { get; }

    /// <summary>The stream late events go to, if any.</summary>
    public string? LateOutput { get; }

    public bool NeedsSketch => (Aggregates & WindowAggregates.Percentiles) != 0;
}
