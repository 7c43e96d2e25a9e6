using ScottPlot;

namespace RealtimeGrains.Benchmarks.Scale;

/// <summary>
/// Draws the sweeps on one chart: each rate relative to its smallest size against how many times the work grew
/// (log2), so partitions, queues and keys share the axes; the legend gives each curve's absolute first rate.
/// </summary>
internal static class ScalePlot
{
    public static void Save(IReadOnlyList<ScaleCurve> curves, string path)
    {
        var plot = new Plot();
        foreach (var curve in curves.Where(c => c.Points.Count > 0))
        {
            var first = curve.Points[0];
            double[] xs = [.. curve.Points.Select(p => Math.Log2((double)p.Size / first.Size))];
            double[] ys = [.. curve.Points.Select(p => first.PerSecond > 0 ? p.PerSecond / first.PerSecond : 0)];
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = $"{curve.Rate} as {curve.Grows} grow ({first.Size:N0} → {curve.Points[^1].Size:N0}; 1.0 = {first.PerSecond:N0}/s)";
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }

        plot.Title("RealtimeGrains scale curve");
        plot.XLabel("work grown by 2^x (partitions, queues or keys ÷ the smallest)");
        plot.YLabel("rate ÷ rate at the smallest size");
        plot.Axes.SetLimitsY(0, Math.Max(1.5, curves.SelectMany(c => c.Points.Select(p => c.Points[0].PerSecond > 0 ? p.PerSecond / c.Points[0].PerSecond : 0)).DefaultIfEmpty(1).Max() * 1.1));
        plot.ShowLegend(Alignment.LowerLeft);
        plot.SavePng(path, 1000, 560);
    }
}
