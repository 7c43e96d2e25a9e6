namespace RealtimeGrains.Placement;

/// <summary>In-memory board of every silo's latest load report (key 0).</summary>
internal sealed class LoadBoardGrain(TimeProvider time) : Grain, ILoadBoardGrain
{
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, SiloLoadReport> _reports = new(StringComparer.Ordinal);

    public Task<SiloLoadReport[]> Exchange(SiloLoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _reports[report.Silo] = report;
        return GetAll();
    }

    public Task<SiloLoadReport[]> GetAll()
    {
        var cutoff = time.GetUtcNow() - Stale;
        foreach (var stale in _reports.Values.Where(r => r.At < cutoff).Select(r => r.Silo).ToList())
        {
            _reports.Remove(stale);
        }

        return Task.FromResult(_reports.Values.OrderBy(r => r.Silo, StringComparer.Ordinal).ToArray());
    }
}
