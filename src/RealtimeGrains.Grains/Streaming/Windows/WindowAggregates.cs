namespace RealtimeGrains.Streaming.Windows;

/// <summary>The aggregates a window reports; the percentiles need a <see cref="QuantileSketch"/> per window.</summary>
[Flags]
internal enum WindowAggregates
{
    None = 0,
    Count = 1,
    Sum = 2,
    Min = 4,
    Max = 8,
    Mean = 16,
    P50 = 32,
    P90 = 64,
    P99 = 128,
    Percentiles = P50 | P90 | P99,
}
