namespace RealtimeGrains.Scheduling;

/// <summary>The policy name is not one of fcfs, sjf, priority.</summary>
[GenerateSerializer, Alias("rtg.unknown-policy-exception")]
public sealed class UnknownPolicyException(string message) : RequestRejectedException(message);
