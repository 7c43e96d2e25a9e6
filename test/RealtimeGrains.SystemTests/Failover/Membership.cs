using System.Diagnostics;

namespace RealtimeGrains.SystemTests.Failover;

/// <summary>Reads the cluster's membership through <see cref="IManagementGrain"/>.</summary>
internal static class Membership
{
    /// <summary>Longest wait for one answer while measuring; the next poll is a new call.</summary>
    public static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(300);

    public static IManagementGrain Management(IClusterClient client) => client.GetGrain<IManagementGrain>(0);

    /// <summary>The active silo listening on <paramref name="siloPort"/>.</summary>
    public static async Task<SiloAddress> ActiveSiloAsync(IClusterClient client, int siloPort)
    {
        var hosts = await Management(client).GetHosts(onlyActive: true);
        return hosts.Keys.Single(s => s.Endpoint.Port == siloPort);
    }

    /// <summary>Polls every 20 ms until <paramref name="silo"/> is Dead; returns the time since <paramref name="since"/> started.</summary>
    public static async Task<TimeSpan> DeclaredDeadAsync(IClusterClient client, SiloAddress silo, Stopwatch since, TimeSpan timeout)
    {
        while (since.Elapsed < timeout)
        {
            try
            {
                // A short wait per poll: a call in flight over the killed silo's gateway only fails after the response timeout.
                var hosts = await Management(client).GetHosts().WaitAsync(PollTimeout);
                if (hosts.TryGetValue(silo, out var status) && status == SiloStatus.Dead)
                {
                    return since.Elapsed;
                }
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                // The management grain may have lived on the killed silo; it reactivates elsewhere.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"silo {silo} was not declared dead within {timeout.TotalSeconds:0} s of the kill");
    }

    /// <summary>Calls until one call answers within <see cref="PollTimeout"/>; returns the time since <paramref name="since"/> started.</summary>
    public static async Task<TimeSpan> FirstAnswerAsync(Func<Task> call, Stopwatch since, TimeSpan timeout)
    {
        while (since.Elapsed < timeout)
        {
            try
            {
                await call().WaitAsync(PollTimeout);
                return since.Elapsed;
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
            }
        }

        throw new TimeoutException($"no call was answered within {timeout.TotalSeconds:0} s of the kill");
    }

    public static async Task<int> ActiveCountAsync(IClusterClient client) => (await Management(client).GetHosts(onlyActive: true)).Count;
}
