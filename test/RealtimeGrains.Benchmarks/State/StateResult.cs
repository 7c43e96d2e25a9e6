using RealtimeGrains.Benchmarks.Report;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>Everything one <c>state</c> invocation measured.</summary>
internal sealed record StateResult(
    int Cores, StateOptions Options, int HotKeyDeltaEntryBytes, IReadOnlyList<SweepResult> Sweeps, RecoveryResult? Recovery) : IReportResult
{
    public bool Passed => Sweeps.All(s => s.EventsAccountedFor) && Recovery?.EventsAccountedFor != false;

    public string ToMarkdown() => StateMarkdown.Write(this);

    public IEnumerable<ReportSection> ToSections() => StateSections.Of(this);

    /// <summary>Sets each size's ratio to the first size, and Redis sizes' ratio to memory at the same size.</summary>
    public static IReadOnlyList<SweepResult> WithRatios(IReadOnlyList<SweepResult> sweeps)
    {
        var memory = sweeps.FirstOrDefault(s => s.Storage == "memory");
        return [.. sweeps.Select(sweep => sweep with
        {
            Sizes = [.. sweep.Sizes.Select(size => size with
            {
                RatioToFirstSize = Ratio(size.EventsPerSecond, sweep.Sizes[0].EventsPerSecond),
                RatioToMemory = sweep.Storage == "memory"
                    ? null
                    : memory?.Sizes.FirstOrDefault(m => m.KeysFilled == size.KeysFilled) is { } same ? Ratio(size.EventsPerSecond, same.EventsPerSecond) : null,
            })],
        })];
    }

    private static double? Ratio(double value, double reference) => reference > 0 ? Math.Round(value / reference, 2) : null;
}
