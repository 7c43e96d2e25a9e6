namespace RealtimeGrains.Benchmarks.Scale;

/// <summary>One sweep of the scale run: what grows (partitions, queues, keys), the unit of the rate, and the rate at each size.</summary>
internal sealed record ScaleCurve(string Grows, string Rate, IReadOnlyList<(long Size, double PerSecond)> Points);
