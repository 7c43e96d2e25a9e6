using System.Text.Json;
using System.Text.RegularExpressions;

namespace RealtimeGrains.SystemTests.Telemetry;

/// <summary>Reads the Grafana dashboard's PromQL queries.</summary>
internal static partial class Dashboard
{
    /// <summary>Every series name (<c>rtg_*</c>, <c>orleans_*</c>) the dashboard's queries read, as Prometheus stores it.</summary>
    public static IReadOnlyList<string> MetricNames(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return [.. doc.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => SeriesName().Matches(t.GetProperty("expr").GetString()!).Select(m => m.Value))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"\b(?:rtg|orleans)_[a-z0-9_]+")]
    private static partial Regex SeriesName();
}
