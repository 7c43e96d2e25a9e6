namespace RealtimeGrains.Client.Streaming;

/// <summary>A stream's route and its partition loops, by partition number.</summary>
internal sealed record StreamChannels(RoutedStream Route, PartitionLoop[] Partitions);
