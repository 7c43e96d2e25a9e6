using Orleans.Runtime.Messaging;

namespace RealtimeGrains.Client.Resilience;

/// <summary>
/// The one classifier of transient failures: those that mean "the silo, gateway or activation is gone" (an activation that
/// found itself taken over stops without effect), not "the call failed".
/// </summary>
internal static class SiloLoss
{
    public static bool Is(Exception exception) => exception is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or TimeoutException or GrainTakenOverException;
}
