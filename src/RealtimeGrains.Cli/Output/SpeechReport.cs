using RealtimeGrains.Speech.Client;

namespace RealtimeGrains.Cli.Output;

/// <summary>What one session of <c>rtg speech</c> got: its file and its results in the order they arrived.</summary>
internal sealed record SpeechReport(string File, string Session, IReadOnlyList<SessionResult> Results)
{
    /// <summary>The recognized commands' words, in utterance order, separated by " | ".</summary>
    public string Text => string.Join(" | ", Recognized.Select(r => r.Result.Text));

    /// <summary>The lowest confidence of the recognized utterances (null when none was recognized).</summary>
    public double? Confidence => Recognized.Any() ? Recognized.Min(r => r.Result.Confidence) : null;

    /// <summary>The highest client-measured latency of the session's results (null when it had none).</summary>
    public double? LatencyMs => Results.Max(r => r.LatencyMs);

    private IEnumerable<SessionResult> Recognized => Results.Where(r => r.Result.Recognized).OrderBy(r => r.Result.Utterance);
}

/// <summary>The run's totals: utterances, recognized ones, and the client-measured latency's percentiles.</summary>
internal sealed record SpeechSummary(int Sessions, int Utterances, int Recognized, double? P50LatencyMs, double? P99LatencyMs, double? MaxLatencyMs)
{
    public static SpeechSummary From(IReadOnlyCollection<SpeechReport> reports)
    {
        var results = reports.SelectMany(r => r.Results).ToList();
        var latencies = results.Where(r => r.LatencyMs is not null).Select(r => r.LatencyMs!.Value).Order().ToArray();
        return new SpeechSummary(
            reports.Count,
            results.Count,
            results.Count(r => r.Result.Recognized),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            latencies.Length == 0 ? null : latencies[^1]);
    }

    /// <summary>Nearest-rank percentile of ascending <paramref name="sorted"/> values (null when there are none).</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
