namespace RealtimeGrains.Streaming;

/// <summary>
/// A partition grain was called for a stream or partition the silos do not declare (its key is not
/// <c>{declared stream}/{0..Partitions-1}</c>). Nothing was created: the activation is dropped at once.
/// </summary>
[GenerateSerializer, Alias("rtg.unknown-partition")]
public sealed class UnknownPartitionException(string message) : RequestRejectedException(message);
