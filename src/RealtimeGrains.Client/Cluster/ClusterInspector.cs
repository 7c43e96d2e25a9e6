using RealtimeGrains.Placement;

namespace RealtimeGrains.Client.Cluster;

/// <summary>Reads silo membership and runtime statistics through <see cref="IManagementGrain"/>.</summary>
public sealed class ClusterInspector(IGrainFactory grains)
{
    /// <summary>Every silo in the membership table (active first), with statistics for the active ones.</summary>
    public async Task<IReadOnlyList<SiloStatusRow>> GetSilosAsync()
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false).ConfigureAwait(false);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        var stats = active.Length == 0
            ? []
            : await management.GetRuntimeStatistics(active).ConfigureAwait(false);
        var byAddress = active.Zip(stats).ToDictionary(p => p.First, p => p.Second);
        var loads = (await grains.GetGrain<ILoadBoardGrain>(0).GetAll().ConfigureAwait(false)).ToDictionary(r => r.Silo, StringComparer.Ordinal);

        return hosts
            .OrderBy(h => h.Status == SiloStatus.Active ? 0 : 1)
            .ThenBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Select(h =>
            {
                byAddress.TryGetValue(h.SiloAddress, out var s);
                var load = h.Status == SiloStatus.Active ? loads.GetValueOrDefault(h.SiloAddress.ToParsableString()) : null;
                return new SiloStatusRow(
                    h.SiloAddress.ToParsableString(),
                    h.SiloName,
                    h.Status.ToString(),
                    s?.ActivationCount,
                    s is null ? null : Math.Round(s.EnvironmentStatistics.FilteredCpuUsagePercentage, 1),
                    s?.EnvironmentStatistics.FilteredMemoryUsageBytes,
                    load?.Capacity,
                    load?.RunningTasks,
                    load?.TaskSlots);
            })
            .ToList();
    }
}
