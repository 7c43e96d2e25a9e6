namespace RealtimeGrains.Benchmarks.Report;

/// <summary>
/// One part's figures as the report shows them: a title, what the baseline is (plain Orleans, Orleans' default
/// placement, the bare engine, ...), how it was measured, the rows, and files the part wrote (plots).
/// </summary>
internal sealed record ReportSection(string Title, string Baseline, string Setup, IReadOnlyList<ReportRow> Rows)
{
    /// <summary>Files (relative to the report) the section links, such as a plotted curve.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>False when the part's own checks failed (events lost or doubled, for example); the command then exits 1.</summary>
    public bool Passed { get; init; } = true;

    /// <summary>Why the section has no figures (a part that could not run), or null.</summary>
    public string? NotRun { get; init; }

    /// <summary>A section for a part that did not run, saying why.</summary>
    public static ReportSection Skipped(string title, string reason) => new(title, "", "", []) { NotRun = reason };
}
