namespace RealtimeGrains;

/// <summary>
/// A client's call was refused before it did anything: an argument the contract requires was missing, or the
/// method is one only silos call to each other (internal protocol grains, <c>IPartitionGrain.Deliver</c>,
/// <c>ILoadBoardGrain.Exchange</c>). The message names the call.
/// </summary>
[GenerateSerializer, Alias("rtg.invalid-request")]
public sealed class InvalidRequestException(string message) : RequestRejectedException(message);
