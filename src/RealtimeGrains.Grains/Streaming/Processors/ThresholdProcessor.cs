using System.Globalization;
using RealtimeGrains.Streaming.Processing;
using RealtimeGrains.Streaming.Windows;

namespace RealtimeGrains.Streaming.Processors;

/// <summary>
/// <c>threshold</c>: watches one field of window results (<c>Settings:Field</c>: Count, Sum, Min, Max, Mean, P50,
/// P90 or P99) and emits an <see cref="Alert"/> to the output stream when it crosses <c>Settings:Above</c>: once
/// when a window's value goes above it, once when a later window's comes back at or below it.
/// </summary>
internal sealed class ThresholdProcessor : KeyedProcessor<WindowResult, bool, Alert>
{
    /// <summary>The fields of a window result it can watch.</summary>
    internal static readonly string[] Fields = ["Count", "Sum", "Min", "Max", "Mean", "P50", "P90", "P99"];

    public override void Process(WindowResult value, ref KeyContext<bool, Alert> context)
    {
        var settings = context.Stream.Settings;
        var field = settings.TryGetValue("Field", out var f) ? f : "P99";
        if (!settings.TryGetValue("Above", out var text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
        {
            context.Reject($"stream '{context.Stream.Name}' uses the threshold processor without a numeric Settings:Above");
            return;
        }

        if (Field(value, field) is not { } observed)
        {
            context.Reject($"window results of '{context.Key}' carry no {field} (declare it among the window's aggregates)");
            return;
        }

        var above = observed > threshold;
        if (above != context.State)
        {
            context.State = above;
            context.Emit(new Alert(context.Key, field, observed, threshold, above, value.WindowEnd));
        }
    }

    internal static double? Field(WindowResult result, string field) => field.ToUpperInvariant() switch
    {
        "COUNT" => result.Count,
        "SUM" => result.Sum,
        "MIN" => result.Min,
        "MAX" => result.Max,
        "MEAN" => result.Mean,
        "P50" => result.P50,
        "P90" => result.P90,
        "P99" => result.P99,
        _ => null,
    };
}

/// <summary>A watched value crossed its threshold: <see cref="Raised"/> when it went above, else it came back.</summary>
[GenerateSerializer, Immutable, Alias("rtg.alert")]
public sealed record Alert(
    [property: Id(0)] string Key,
    [property: Id(1)] string Field,
    [property: Id(2)] double Value,
    [property: Id(3)] double Threshold,
    [property: Id(4)] bool Raised,
    [property: Id(5)] DateTimeOffset WindowEnd);
