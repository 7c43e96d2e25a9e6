using Microsoft.Extensions.Options;

namespace RealtimeGrains.Placement;

/// <summary>
/// In-memory board of every silo's latest load report (key 0). A report older than three refresh intervals
/// (at least 30 s) is dropped: its silo is gone or restarted under a new address.
/// </summary>
internal sealed class LoadBoardGrain(TimeProvider time, IOptions<PlacementOptions> options) : Grain, ILoadBoardGrain
{
    private readonly TimeSpan _stale = TimeSpan.FromMilliseconds(Math.Max(30_000, 3.0 * options.Value.RefreshIntervalMs));
    private readonly Dictionary<string, SiloLoadReport> _reports = new(StringComparer.Ordinal);

    public Task<SiloLoadReport[]> Exchange(SiloLoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _reports[report.Silo] = report;
        return GetAll();
    }

    public Task<SiloLoadReport[]> GetAll()
    {
        var cutoff = time.GetUtcNow() - _stale;
        foreach (var stale in _reports.Values.Where(r => r.At < cutoff).Select(r => r.Silo).ToList())
        {
            _reports.Remove(stale);
        }

        return Task.FromResult(_reports.Values.OrderBy(r => r.Silo, StringComparer.Ordinal).ToArray());
    }
}
