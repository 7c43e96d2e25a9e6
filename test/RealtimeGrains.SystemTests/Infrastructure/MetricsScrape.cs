using System.Globalization;

namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>One <c>/metrics</c> scrape (Prometheus text format): its raw text and its samples.</summary>
internal sealed class MetricsScrape
{
    private MetricsScrape(string text, IReadOnlyList<(string Name, string Labels, double Value)> samples)
    {
        Text = text;
        Samples = samples;
    }

    public string Text { get; }

    /// <summary>Every sample line: metric name, the label set as written (without braces), value.</summary>
    public IReadOnlyList<(string Name, string Labels, double Value)> Samples { get; }

    public static MetricsScrape Parse(string text)
    {
        var samples = new List<(string, string, double)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var nameEnd = brace >= 0 && brace < space ? brace : space;
            var labelsEnd = brace >= 0 && brace < space ? line.LastIndexOf('}') : space;
            var labels = nameEnd == brace ? line[(brace + 1)..labelsEnd] : "";
            var value = line[(labelsEnd + 1)..].Trim().Split(' ')[0];
            samples.Add((line[..nameEnd], labels, double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return new MetricsScrape(text, samples);
    }

    public bool Has(string name) => Samples.Any(s => s.Name == name);

    /// <summary>The sum over the samples of <paramref name="name"/> that carry <paramref name="label"/> (<c>key="value"</c>), or all of them.</summary>
    public double Sum(string name, string? label = null) =>
        Samples.Where(s => s.Name == name && (label is null || $",{s.Labels},".Contains($",{label},", StringComparison.Ordinal))).Sum(s => s.Value);
}
