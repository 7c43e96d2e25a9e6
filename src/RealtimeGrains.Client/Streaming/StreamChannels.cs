namespace RealtimeGrains.Client.Streaming;

/// <summary>A stream's route and its partition channels, by partition number.</summary>
internal sealed record StreamChannels(RoutedStream Route, PartitionChannel[] Partitions);
