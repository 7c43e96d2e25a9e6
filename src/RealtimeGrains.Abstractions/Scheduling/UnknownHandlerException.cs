namespace RealtimeGrains.Scheduling;

/// <summary>No handler of that name is registered on the silos.</summary>
[GenerateSerializer, Alias("rtg.unknown-handler-exception")]
public sealed class UnknownHandlerException(string message) : RequestRejectedException(message);
