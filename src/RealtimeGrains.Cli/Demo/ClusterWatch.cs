using System.Collections.Concurrent;
using RealtimeGrains.Client.Cluster;

namespace RealtimeGrains.Cli.Demo;

/// <summary>The cluster's silos as last read (kept with their last known capacity after they die), and the kill.</summary>
internal sealed class ClusterWatch(IClusterClient client)
{
    private readonly ClusterInspector _inspector = new(client);
    private readonly ConcurrentDictionary<string, SiloStatusRow> _known = new(StringComparer.Ordinal);

    public IReadOnlyList<SiloStatusRow> Silos => [.. _known.Values.OrderBy(r => r.Name, StringComparer.Ordinal)];

    public KillSummary? Kill { get; private set; }

    public async Task PollAsync()
    {
        foreach (var row in await Polls.TryAsync(_inspector.GetSilosAsync) ?? [])
        {
            _known.AddOrUpdate(row.Address, row, (_, old) => row with { Capacity = row.Capacity ?? old.Capacity, TaskSlots = row.TaskSlots ?? old.TaskSlots });
        }
    }

    /// <summary>Kills <paramref name="silo"/> at <paramref name="at"/> into the run and waits until the cluster lists it dead.</summary>
    public async Task KillAsync(DemoSilo silo, TimeSpan at, Func<TimeSpan> elapsed, CancellationToken cancellationToken)
    {
        var wait = at - elapsed();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }

        var killedAt = elapsed();
        Kill = new KillSummary(silo.Name, Math.Round(killedAt.TotalSeconds, 1), null);
        await DemoCluster.KillAsync(silo);
        while (!Silos.Any(r => r.Name == silo.Name && r.Status == "Dead"))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            await PollAsync();
        }

        Kill = Kill with { DeclaredDeadAfterSeconds = Math.Round((elapsed() - killedAt).TotalSeconds, 1) };
    }

    /// <summary>Each silo's part of the tasks that ran (by the silo that ran their last attempt).</summary>
    public IReadOnlyList<SiloShare> Shares(IReadOnlyDictionary<string, int> placements)
    {
        var total = Math.Max(1, placements.Values.Sum());
        return [.. Silos.Select(r =>
        {
            var tasks = placements.GetValueOrDefault(r.Address);
            return new SiloShare(r.Address, r.Name, r.Status, tasks, Math.Round((double)tasks / total, 3), r.Capacity, r.TaskSlots);
        })];
    }
}
