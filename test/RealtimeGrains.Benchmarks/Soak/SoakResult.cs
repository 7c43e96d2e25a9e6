namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>Everything one <c>soak</c> run reports: its set-up, every sample, the post-warm-up summary and the final checks.</summary>
internal sealed record SoakResult(
    string Setup, string Load, string Note, int Cores, bool ServerGc, SoakOptions Options,
    IReadOnlyList<SoakSample> Samples, SoakSummary? Summary, SoakChecks Checks)
{
    public string ToMarkdown() => SoakMarkdown.Write(this);
}
