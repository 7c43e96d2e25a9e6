namespace RealtimeGrains.Benchmarks.Report;

/// <summary>Where the report being written lives: parts put the files it links (plots) next to it.</summary>
internal static class ReportContext
{
    /// <summary>The report's folder; the output folder's <c>report</c> when a part runs without the report command.</summary>
    public static string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "report");
}
