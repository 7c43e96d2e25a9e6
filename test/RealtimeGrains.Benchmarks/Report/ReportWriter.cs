using System.Globalization;
using System.Text;

namespace RealtimeGrains.Benchmarks.Report;

/// <summary>Renders one markdown report: the command, the machine (load before and after), then every section's table.</summary>
internal static class ReportWriter
{
    public static string Render(string command, MachineSnapshot before, string loadAfter, TimeSpan took, IReadOnlyList<ReportSection> sections)
    {
        var md = new StringBuilder();
        md.AppendLine("# RealtimeGrains performance report");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`{command}`, started {before.At:yyyy-MM-dd HH:mm} UTC, took {took.TotalMinutes:0.0} min.");
        md.AppendLine("Every figure is a median over the part's runs; the baseline column is the same measure of the baseline named");
        md.AppendLine("under the section's title, measured in the same run; ratio = RealtimeGrains ÷ baseline.");
        md.AppendLine();
        md.AppendLine("| machine | |");
        md.AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| cores | {before.Cores} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {before.Cpu} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| OS | {before.Os} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| .NET | {before.DotNet} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| load average 1 / 5 / 15 min, before | {before.LoadAverage} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| load average 1 / 5 / 15 min, after | {loadAfter} |");
        foreach (var section in sections)
        {
            Append(md, section);
        }

        return md.ToString();
    }

    /// <summary>One section alone, as a part prints it.</summary>
    public static string RenderSection(ReportSection section)
    {
        var md = new StringBuilder();
        Append(md, section);
        return md.ToString();
    }

    private static void Append(StringBuilder md, ReportSection section)
    {
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## {section.Title}");
        md.AppendLine();
        if (section.NotRun is { } reason)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"Not run: {reason}");
            return;
        }

        if (section.Baseline.Length > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"Baseline: {section.Baseline}.");
        }

        md.AppendLine(section.Setup);
        md.AppendLine();
        md.AppendLine("| measure | RealtimeGrains | baseline | ratio |");
        md.AppendLine("|---|---|---|---|");
        foreach (var row in section.Rows)
        {
            var ratio = row.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(row.Measure)} | {Cell(row.Value)} | {Cell(row.Baseline)} | {ratio} |");
        }

        foreach (var link in section.Links)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"![{section.Title}]({link})");
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
