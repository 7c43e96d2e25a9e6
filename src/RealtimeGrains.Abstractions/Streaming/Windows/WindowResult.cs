namespace RealtimeGrains.Streaming.Windows;

/// <summary>
/// The aggregates of one closed window of one key: the window covers [<see cref="WindowStart"/>,
/// <see cref="WindowEnd"/>). An aggregate the window declaration did not ask for is null. Percentiles are within
/// 1% of the exact lower-nearest-rank value (of n sorted values, quantile q is value number floor(q·(n-1)), from 0).
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.window-result")]
public sealed record WindowResult
{
    [Id(0)] public required string Key { get; init; }

    [Id(1)] public required DateTimeOffset WindowStart { get; init; }

    [Id(2)] public required DateTimeOffset WindowEnd { get; init; }

    /// <summary>Events in the window (always reported; a window exists only once it has an event).</summary>
    [Id(3)] public long Count { get; init; }

    [Id(4)] public double? Sum { get; init; }

    [Id(5)] public double? Min { get; init; }

    [Id(6)] public double? Max { get; init; }

    [Id(7)] public double? Mean { get; init; }

    [Id(8)] public double? P50 { get; init; }

    [Id(9)] public double? P90 { get; init; }

    [Id(10)] public double? P99 { get; init; }
}
