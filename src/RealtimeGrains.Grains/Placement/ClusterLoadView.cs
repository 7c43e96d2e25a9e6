using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RealtimeGrains.Placement;

/// <summary>
/// This silo's cached view of every silo's load, refreshed about once a second: Orleans' runtime
/// statistics (CPU, memory, activations, overload) from <see cref="IManagementGrain"/>, and application
/// load (running tasks, capacity) from the <see cref="ILoadBoardGrain"/>, where this silo publishes its own.
/// Placements made here since the last refresh are counted on top.
/// </summary>
internal sealed partial class ClusterLoadView(
    IGrainFactory grains,
    ILocalSiloDetails local,
    LocalTaskLoad tasks,
    IOptions<PlacementOptions> options,
    TimeProvider time,
    ILogger<ClusterLoadView> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly PlacementOptions _options = options.Value;
    private readonly ConcurrentDictionary<SiloAddress, int> _placed = new();
    private readonly CancellationTokenSource _stopping = new();
    private volatile Dictionary<SiloAddress, LoadCandidate> _snapshot = [];
    private volatile HashSet<SiloAddress> _unreported = [];
    private Task _loop = Task.CompletedTask;
    private long _lastRefresh;
    private int _refreshing;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(ClusterLoadView), ServiceLifecycleStage.Active,
        _ =>
        {
            _loop = Task.Run(LoopAsync, CancellationToken.None);
            return Task.CompletedTask;
        },
        async _ =>
        {
            await _stopping.CancelAsync();
            await _loop;
        });

    public void Dispose() => _stopping.Dispose();

    /// <summary>Candidates for the given compatible silos; a silo not yet seen counts as idle with capacity 1.</summary>
    public LoadCandidate[] Candidates(IReadOnlyList<SiloAddress> silos)
    {
        var snapshot = _snapshot;
        var candidates = new LoadCandidate[silos.Count];
        var complete = true;
        for (var i = 0; i < silos.Count; i++)
        {
            var silo = silos[i];
            var found = snapshot.TryGetValue(silo, out var known);
            complete &= found && !_unreported.Contains(silo);
            candidates[i] = (found ? known : new LoadCandidate(silo.ToParsableString(), 1, 0, 0, 0, 0, false, 0)) with
            {
                PlacedSinceRefresh = _placed.GetValueOrDefault(silo),
            };
        }

        if (!complete)
        {
            RefreshSoon();
        }

        return candidates;
    }

    public void RecordPlacement(SiloAddress silo) => _placed.AddOrUpdate(silo, 1, (_, n) => n + 1);

    /// <summary>Reads the cluster's load now (also called by the refresh loop).</summary>
    public async Task RefreshAsync()
    {
        var report = new SiloLoadReport
        {
            Silo = local.SiloAddress.ToParsableString(),
            Capacity = _options.EffectiveCapacity,
            RunningTasks = tasks.Running,
            TaskSlots = tasks.Slots,
            At = time.GetUtcNow(),
        };
        var reports = (await grains.GetGrain<ILoadBoardGrain>(0).Exchange(report)).ToDictionary(r => r.Silo, StringComparer.Ordinal);
        var management = grains.GetGrain<IManagementGrain>(0);
        var silos = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
        var stats = await management.GetRuntimeStatistics(silos);
        var snapshot = new Dictionary<SiloAddress, LoadCandidate>();
        var unreported = new HashSet<SiloAddress>();
        for (var i = 0; i < silos.Length; i++)
        {
            var name = silos[i].ToParsableString();
            var app = reports.GetValueOrDefault(name);
            if (app is null)
            {
                unreported.Add(silos[i]);
            }

            var env = stats[i].EnvironmentStatistics;
            var memory = env.MaximumAvailableMemoryBytes > 0 ? (double)env.FilteredMemoryUsageBytes / env.MaximumAvailableMemoryBytes : 0;
            snapshot[silos[i]] = new LoadCandidate(name, app?.Capacity ?? 1, env.FilteredCpuUsagePercentage / 100, memory,
                stats[i].ActivationCount, app?.RunningTasks ?? 0, stats[i].IsOverloaded, 0);
        }

        _snapshot = snapshot;
        _unreported = unreported;
        _placed.Clear();
        Volatile.Write(ref _lastRefresh, time.GetTimestamp());
    }

    /// <summary>A silo without a report yet (just joined, or its report is late): look again soon, not in a second.</summary>
    private void RefreshSoon()
    {
        if (time.GetElapsedTime(Volatile.Read(ref _lastRefresh)) < TimeSpan.FromMilliseconds(100) || Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefreshFailed(logger, ex);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_options.RefreshIntervalMs), time);
        do
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Placement keeps working from the last view (and the placements counted since).
                LogRefreshFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the cluster load view failed; placing from the previous view")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
