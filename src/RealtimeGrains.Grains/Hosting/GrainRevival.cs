using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Hosting;

/// <summary>
/// Brings back, after a silo dies, the grains that must run whether or not anyone calls them. A partition holding
/// timers, unsent outputs or task submissions, and a declared queue holding tasks, have work of their own; Orleans
/// reactivates a grain only on a call, so without this a partition that lived on the dead silo and gets no new events
/// would keep its work in storage until its next event. One surviving silo (the lowest address among the active
/// ones; two at worst, when views differ) calls every declared partition and queue once; the call is idempotent and
/// cheap for an active grain, and reactivates a lost one from its stored state, which resumes its own work.
/// </summary>
internal sealed partial class GrainRevival(
    IGrainFactory grains,
    ISiloStatusOracle membership,
    StreamCatalog streams,
    IOptions<SchedulerOptions> scheduler,
    TimeProvider time,
    ILogger<GrainRevival> logger) : ILifecycleParticipant<ISiloLifecycle>, ISiloStatusListener, IDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        nameof(GrainRevival),
        ServiceLifecycleStage.Active,
        _ =>
        {
            membership.SubscribeToSiloStatusEvents(this);
            return Task.CompletedTask;
        },
        async _ =>
        {
            membership.UnSubscribeFromSiloStatusEvents(this);
            await _stopping.CancelAsync();
        });

    public void Dispose() => _stopping.Dispose();

    public void SiloStatusChangeNotification(SiloAddress updatedSilo, SiloStatus status)
    {
        if (status != SiloStatus.Dead || updatedSilo.Equals(membership.SiloAddress) || !IsElected())
        {
            return;
        }

        _ = Task.Run(() => ReviveAsync(updatedSilo));
    }

    /// <summary>The lowest active silo revives, so a death costs one call per grain, not one per silo.</summary>
    private bool IsElected()
    {
        var active = membership.GetApproximateSiloStatuses(onlyActive: true).Keys;
        return active.All(s => membership.SiloAddress.CompareTo(s) <= 0);
    }

    /// <summary>The grain calls that revive: every declared partition and declared queue.</summary>
    internal IEnumerable<(string Name, Func<Task> Call)> Targets()
    {
        foreach (var definition in streams.Definitions)
        {
            for (var p = 0; p < definition.Partitions; p++)
            {
                var key = PartitionGrainKey.Format(definition.Name, p);
                yield return (key, () => grains.GetGrain<IPartitionGrain>(key).GetStats());
            }
        }

        foreach (var queue in scheduler.Value.Queues.Keys)
        {
            yield return ("queue " + queue, () => grains.GetGrain<ISchedulerGrain>(queue).GetStatus());
        }
    }

    private async Task ReviveAsync(SiloAddress dead)
    {
        var targets = Targets().ToList();
        LogReviving(logger, dead, targets.Count);
        var failed = 0;
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = _stopping.Token }, async (target, cancel) =>
        {
            if (!await CallUntilAnsweredAsync(target.Call, cancel))
            {
                Interlocked.Increment(ref failed);
                LogGaveUp(logger, target.Name, dead);
            }
        }).ConfigureAwait(false);
        LogRevived(logger, dead, targets.Count - failed, targets.Count);
    }

    /// <summary>Calls until an answer (a grain whose directory entry still names the dead silo fails until membership settles).</summary>
    private async Task<bool> CallUntilAnsweredAsync(Func<Task> call, CancellationToken cancel)
    {
        var started = time.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await call().ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && time.GetElapsedTime(started) < GiveUpAfter)
            {
                await Task.Delay(backoff, time, cancel).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return false;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Dead} died: reviving {Count} partitions and declared queues that may have lived on it")]
    private static partial void LogReviving(ILogger logger, SiloAddress dead, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Dead} died: {Answered} of {Count} partitions and declared queues answer")]
    private static partial void LogRevived(ILogger logger, SiloAddress dead, int answered, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target} did not answer within a minute of silo {Dead}'s death; it comes back on its next call")]
    private static partial void LogGaveUp(ILogger logger, string target, SiloAddress dead);
}
