namespace RealtimeGrains.Benchmarks.Report;

/// <summary>A run's result that the report can render: its figures as sections of measure / value / baseline / ratio rows.</summary>
internal interface IReportResult
{
    /// <summary>The result's figures, one section per table.</summary>
    IEnumerable<ReportSection> ToSections();
}
