namespace RealtimeGrains.Scheduling;

/// <summary>A change to a queue's settings; null fields keep their current value.</summary>
[GenerateSerializer, Immutable, Alias("rtg.queue-settings-change")]
public sealed record QueueSettingsChange
{
    [Id(0)] public string? Policy { get; init; }

    [Id(1)] public int? Concurrency { get; init; }

    [Id(2)] public int? MaxLength { get; init; }

    [Id(3)] public bool? Paused { get; init; }

    [Id(4)] public double? AgingPerSecond { get; init; }
}
