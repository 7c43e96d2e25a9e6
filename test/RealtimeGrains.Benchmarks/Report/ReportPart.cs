namespace RealtimeGrains.Benchmarks.Report;

/// <summary>
/// A part of the performance report: its command name, the options <c>--quick</c> adds (the part's own options come
/// first and win), and the run that measures it and returns its sections.
/// </summary>
internal sealed record ReportPart(string Name, string[] QuickArgs, Func<string[], Task<IReadOnlyList<ReportSection>>> RunAsync);
