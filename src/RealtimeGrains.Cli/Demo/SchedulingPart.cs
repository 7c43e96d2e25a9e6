using System.Collections.Concurrent;
using System.Diagnostics;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Cli.Demo;

/// <summary>
/// The same rounds of <see cref="JobSet"/> through an FCFS, an SJF and a priority queue side by side, until the run
/// ends: each task's wait (submit to first start), where it ran, and whether it finished once.
/// </summary>
internal sealed class SchedulingPart(IClusterClient client, string run)
{
    public static readonly string[] Policies = [SchedulingPolicies.Fcfs, SchedulingPolicies.Sjf, SchedulingPolicies.Priority];
    private readonly TaskClient _tasks = new(client, TimeProvider.System);
    private readonly ConcurrentDictionary<string, PolicyTally> _tallies = new(Policies.Select(p => KeyValuePair.Create(p, new PolicyTally())), StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _placements = new(StringComparer.Ordinal);

    /// <summary>Tasks finished per silo (the silo that ran the last attempt), by silo address.</summary>
    public IReadOnlyDictionary<string, int> Placements => _placements;

    public PolicyTally Tally(string policy) => _tallies[policy];

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        foreach (var policy in Policies)
        {
            await _tasks.CreateQueueAsync(Queue(policy), policy, JobSet.Concurrency);
        }

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Policies.Select(async policy =>
        {
            while (clock.Elapsed < duration)
            {
                await RoundAsync(policy, cancellationToken);
            }
        }));
    }

    public IReadOnlyList<PolicySummary> Summary() =>
        [.. Policies.Select(p => _tallies[p].Summary(p))];

    private async Task RoundAsync(string policy, CancellationToken cancellationToken)
    {
        var queue = Queue(policy);
        // Request ids of our own: a submit retried after a silo loss returns the tasks already accepted.
        IReadOnlyList<TaskSpec> specs = [.. JobSet.Round().Select(s => s with { RequestId = Guid.NewGuid().ToString("N") })];
        IReadOnlyList<string>? ids = null;
        while (ids is null)
        {
            ids = await Polls.TryAsync(() => _tasks.SubmitManyAsync(queue, specs));
            cancellationToken.ThrowIfCancellationRequested();
        }

        var tally = _tallies[policy];
        tally.Submitted(ids.Count);
        var open = new HashSet<string>(ids, StringComparer.Ordinal);
        while (open.Count > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            foreach (var info in await Polls.TryAsync(() => _tasks.ListTasksAsync(queue)) ?? [])
            {
                if (info.Status is TaskState.Completed or TaskState.Failed && open.Remove(info.Id))
                {
                    tally.Finished(info);
                    _placements.AddOrUpdate(info.Silo ?? "?", 1, (_, n) => n + 1);
                }
            }
        }
    }

    private string Queue(string policy) => $"demo-{run}-{policy}";
}

/// <summary>What one policy's queue did so far; thread-safe.</summary>
internal sealed class PolicyTally
{
    private readonly Lock _lock = new();
    private readonly List<double> _waits = [];
    private readonly List<double> _urgentWaits = [];
    private int _submitted;
    private int _completed;
    private int _failed;
    private int _rerun;

    public void Submitted(int count)
    {
        lock (_lock)
        {
            _submitted += count;
        }
    }

    public void Finished(TaskInfo info)
    {
        lock (_lock)
        {
            _ = info.Status == TaskState.Completed ? _completed++ : _failed++;
            _rerun += info.Attempts > 1 ? 1 : 0;
            _waits.Add(info.WaitMs ?? 0);
            if (info.Priority >= JobSet.Urgent)
            {
                _urgentWaits.Add(info.WaitMs ?? 0);
            }
        }
    }

    public PolicySummary Summary(string policy)
    {
        lock (_lock)
        {
            var waits = WaitStats.Of(_waits);
            return new PolicySummary(policy, _submitted, _completed, _failed, _rerun, waits.MeanMs, waits.P95Ms, WaitStats.Of(_urgentWaits).MeanMs);
        }
    }
}
