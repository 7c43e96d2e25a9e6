using RealtimeGrains.Hosting;

namespace RealtimeGrains.Streaming.Windows;

/// <summary>
/// Windowed aggregates over a stream's numeric payloads, declared in configuration. Windows are per key and
/// aligned to the Unix epoch; a window closes once the partition's watermark reaches its end plus
/// <see cref="AllowedLatenessMs"/>, and then reports its aggregates as a <see cref="WindowResult"/>.
/// </summary>
public sealed class WindowDeclaration
{
    /// <summary>The longest window, slide or allowed lateness: 366 days.</summary>
    public const long MaxDurationMs = 366L * 24 * 3600 * 1000;

    private static readonly (string Name, WindowAggregates Aggregate)[] Names =
    [
        ("count", WindowAggregates.Count), ("sum", WindowAggregates.Sum), ("min", WindowAggregates.Min), ("max", WindowAggregates.Max),
        ("mean", WindowAggregates.Mean), ("p50", WindowAggregates.P50), ("p90", WindowAggregates.P90), ("p99", WindowAggregates.P99),
    ];

    internal static readonly string[] KnownAggregates = [.. Names.Select(n => n.Name)];

    internal static readonly string[] DefaultAggregates = ["count", "sum", "min", "max", "mean", "p99"];

    /// <summary><c>tumbling</c> (windows side by side) or <c>sliding</c> (overlapping windows, one starting every <see cref="SlideMs"/>).</summary>
    public string Kind { get; set; } = "tumbling";

    /// <summary>The window length in ms, 1 ms to 366 days.</summary>
    public long SizeMs { get; set; } = 1000;

    /// <summary>
    /// Sliding windows: how often a window starts, in ms (unset: <see cref="SizeMs"/>). It must divide
    /// <see cref="SizeMs"/>, so every event falls in exactly SizeMs / SlideMs windows and every window starts on a
    /// slide boundary, and give at most 100 windows per event. Tumbling windows take no slide.
    /// </summary>
    public long? SlideMs { get; set; }

    /// <summary>Any of count, sum, min, max, mean, p50, p90, p99; empty (the default) means count, sum, min, max, mean, p99.</summary>
    public IList<string> Aggregates { get; } = [];

    /// <summary>
    /// How long after the watermark passes its end a window still takes events, in ms (default 0). The stream's own
    /// <c>AllowedLatenessMs</c> already holds the watermark that far behind the newest event time, so this is extra
    /// patience on top of it. An event all of whose windows have closed is late.
    /// </summary>
    public long AllowedLatenessMs { get; set; }

    /// <summary>A declared stream that late events are sent to (optional; late events are always counted).</summary>
    public string? LateOutput { get; set; }

    internal bool IsSliding => string.Equals(Kind, "sliding", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Adds one error per bad value to <paramref name="errors"/>, in <see cref="OptionCheck"/>'s format.
    /// <paramref name="key"/> is the declaration's configuration section; when <paramref name="declaredStreams"/> is
    /// given, <see cref="LateOutput"/> must be one of them.
    /// </summary>
    internal void Validate(string key, List<string> errors, IReadOnlyCollection<string>? declaredStreams = null)
    {
        OptionCheck.OneOf(errors, $"{key}:Kind", Kind, "tumbling", "sliding");
        OptionCheck.Range(errors, $"{key}:SizeMs", SizeMs, 1, MaxDurationMs);
        if (SizeMs is >= 1 and <= MaxDurationMs && SlideError() is { } slideError)
        {
            errors.Add(OptionCheck.Error($"{key}:SlideMs", SlideMs, slideError));
        }

        OptionCheck.Range(errors, $"{key}:AllowedLatenessMs", AllowedLatenessMs, 0, MaxDurationMs);
        for (var i = 0; i < Aggregates.Count; i++)
        {
            OptionCheck.OneOf(errors, $"{key}:Aggregates:{i}", Aggregates[i], KnownAggregates);
        }

        if (LateOutput is { } late && (string.IsNullOrWhiteSpace(late) || (declaredStreams is not null && !declaredStreams.Contains(late))))
        {
            var allowed = declaredStreams is null ? "a stream name" : $"a declared stream ({string.Join(", ", declaredStreams.Order(StringComparer.Ordinal))})";
            errors.Add(OptionCheck.Error($"{key}:LateOutput", late, allowed));
        }
    }

    /// <summary>The checked form; call after <see cref="Validate"/> found nothing.</summary>
    /// <exception cref="ArgumentException">The declaration is not valid.</exception>
    internal WindowSpec ToSpec()
    {
        var aggregates = WindowAggregates.None;
        foreach (var name in Aggregates.Count == 0 ? DefaultAggregates : Aggregates)
        {
            var known = Array.FindIndex(Names, n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));
            aggregates |= known >= 0 ? Names[known].Aggregate : throw new ArgumentException($"unknown window aggregate '{name}'");
        }

        var slide = IsSliding ? SlideMs ?? SizeMs : SizeMs;
        return new WindowSpec(SizeMs, slide, aggregates, AllowedLatenessMs, LateOutput);
    }

    private string? SlideError()
    {
        if (!IsSliding)
        {
            return SlideMs is { } s && s != SizeMs ? "unset for tumbling windows (they slide by their size); set Kind to sliding for overlapping windows" : null;
        }

        var slide = SlideMs ?? SizeMs;
        if (slide < 1 || slide > SizeMs)
        {
            return $"1-{SizeMs} (at most SizeMs: a longer slide would leave gaps that no window covers)";
        }

        if (SizeMs / slide > WindowAssigner.MaxWindowsPerEvent)
        {
            var least = (SizeMs + WindowAssigner.MaxWindowsPerEvent - 1) / WindowAssigner.MaxWindowsPerEvent;
            return $"at least {least} (each event updates SizeMs/SlideMs windows, at most {WindowAssigner.MaxWindowsPerEvent})";
        }

        return SizeMs % slide != 0 ? $"a divisor of SizeMs {SizeMs}, so that every event falls in exactly SizeMs/SlideMs windows" : null;
    }
}
