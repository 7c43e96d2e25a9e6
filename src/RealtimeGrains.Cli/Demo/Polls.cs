using Orleans.Runtime.Messaging;

namespace RealtimeGrains.Cli.Demo;

/// <summary>
/// A read the demo repeats on its own schedule (live figures, task status): one that fails because a silo or gateway is
/// gone (after the client's own retries, while a killed silo is being declared dead) is skipped until the next poll.
/// </summary>
internal static class Polls
{
    public static async Task<T?> TryAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (IsSiloLoss(ex))
        {
            return default;
        }
    }

    public static bool IsSiloLoss(Exception ex) =>
        ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or ConnectionFailedException;
}
