using System.Globalization;

namespace RealtimeGrains.Benchmarks.Report;

/// <summary>
/// One figure of a report: what was measured, its value, the same measure of the section's baseline in the same
/// run (when there is one), and value ÷ baseline.
/// </summary>
internal sealed record ReportRow(string Measure, string Value, string Baseline = "", double? Ratio = null)
{
    /// <summary>A numeric figure with its baseline; the ratio is computed when both are finite and the baseline is not 0.</summary>
    public static ReportRow Of(string measure, double value, double? baseline = null, string format = "N0", string unit = "")
    {
        var ratio = baseline is { } b && b != 0 && double.IsFinite(b) && double.IsFinite(value) ? Math.Round(value / b, 2) : (double?)null;
        return new ReportRow(measure, Format(value, format, unit), baseline is { } x ? Format(x, format, unit) : "", ratio);
    }

    /// <summary>A figure that has no baseline (a count, a check, a latency only ours has).</summary>
    public static ReportRow Text(string measure, string value) => new(measure, value);

    /// <summary><paramref name="value"/> in <paramref name="format"/>, invariant culture, with a unit.</summary>
    public static string Format(double value, string format = "N0", string unit = "") =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture) + (unit.Length == 0 ? "" : " " + unit);

    /// <summary>Runs joined for a row: <c>1,200 / 1,350 / 990</c>.</summary>
    public static string Runs(IEnumerable<double> runs, string format = "N0") =>
        string.Join(" / ", runs.Select(r => r.ToString(format, CultureInfo.InvariantCulture)));
}
