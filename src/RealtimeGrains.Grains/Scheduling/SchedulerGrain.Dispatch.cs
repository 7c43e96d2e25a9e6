using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;

namespace RealtimeGrains.Scheduling;

internal sealed partial class SchedulerGrain
{
    /// <summary>How long a dispatch that could not reach its task grain's silo waits before it counts as a lost attempt
    /// (about the failure detection of <c>silo-config/cluster-redis.json</c>: 0.6–1.9 s measured).</summary>
    private static readonly TimeSpan UnreachableSiloWait = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan MembershipPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until the cluster's membership is newer than <paramref name="seen"/>, at most <see cref="UnreachableSiloWait"/>.</summary>
    private async Task WaitForMembershipChangeAsync(MembershipVersion seen)
    {
        var deadline = time.GetUtcNow() + UnreachableSiloWait;
        while (membership.CurrentSnapshot.Version <= seen && time.GetUtcNow() < deadline)
        {
            await Task.Delay(MembershipPoll, time);
        }
    }

    /// <summary>Starts tasks while slots are free; each attempt's answer is handled when it arrives.</summary>
    private void Pump()
    {
        var now = time.GetUtcNow();
        var started = false;
        while (_queue.TryStart(now, out var task, out var newAttempt))
        {
            started = true;
            _ = RunAttemptAsync(task, newAttempt && task.Attempts == 1);
        }

        // Answers of running attempts arrive as responses, not requests: keep the activation while
        // any attempt runs (each is bounded by its lease), then let idle collection work again.
        DelayDeactivation(_queue.RunningCount > 0 ? Timeout.InfiniteTimeSpan : TimeSpan.Zero);
        if (started)
        {
            CommitSoon();
        }
    }

    private async Task RunAttemptAsync(QueuedTask task, bool firstDispatch)
    {
        var attempt = task.Attempts;
        var lease = TimeSpan.FromMilliseconds(task.Spec.TimeoutMs + _options.LeaseGraceMs);
        _leases[task.Id] = new Lease(attempt, time.GetUtcNow() + lease, lease);
        ArmLeaseTimer();
        var seen = membership.CurrentSnapshot.Version;
        TaskRunOutcome outcome;
        try
        {
            outcome = await GrainFactory.GetGrain<ITaskGrain>(task.Id).Run(task.ToRun(_name, firstDispatch));
        }
        catch (Exception ex)
        {
            ForgetLease(task.Id, attempt);
            var unreachable = ex is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException;
            if (unreachable)
            {
                // The task grain's silo is unreachable: until membership declares it dead, every retry would go to the
                // same silo and fail at once, spending the task's attempts in well under a second. Wait for membership
                // to change (the silo declared dead), then dispatch again at once, to a silo that is alive.
                await WaitForMembershipChangeAsync(seen);
            }

            OnFailed(task.Id, attempt, $"attempt {attempt} was lost: {ex.GetType().Name}: {ex.Message}", null, siloLost: unreachable);
            return;
        }

        ForgetLease(task.Id, attempt);
        if (outcome.Status == TaskState.Completed)
        {
            _queue.Complete(task.Id, outcome with { Attempt = attempt });
            Pump();
            CommitSoon();
        }
        else
        {
            OnFailed(task.Id, attempt, outcome.Error ?? "the attempt failed without an error message", outcome.RunMs);
        }
    }

    private void OnFailed(string taskId, int attempt, string error, double? runMs, bool siloLost = false)
    {
        _queue.Fail(taskId, attempt, error, time.GetUtcNow(), runMs, siloLost);
        Pump();
        CommitSoon();
    }

    /// <summary>The task grain keeps the final state; it may not know the attempt failed (lost silo, lease).</summary>
    private async Task RecordFailureAsync(TaskInfo info)
    {
        try
        {
            await GrainFactory.GetGrain<ITaskGrain>(info.Id).Record(info);
        }
        catch (Exception ex)
        {
            LogRecordFailed(logger, ex, info.Id);
        }
    }

    private void ForgetLease(string taskId, int attempt)
    {
        if (_leases.TryGetValue(taskId, out var lease) && lease.Attempt == attempt)
        {
            _leases.Remove(taskId);
        }
    }

    /// <summary>
    /// One timer checks every running attempt's lease (timeout + grace) instead of a timer per attempt.
    /// An attempt whose task grain has not answered in time counts as lost (its silo may be gone);
    /// a late answer is then stale and ignored.
    /// </summary>
    private void ArmLeaseTimer()
    {
        var period = TimeSpan.FromMilliseconds(Math.Min(1_000, Math.Max(10, _options.LeaseGraceMs / 4)));
        _leaseTimer ??= this.RegisterGrainTimer(OnLeaseTimer, new GrainTimerCreationOptions(period, period) { Interleave = true });
    }

    private Task OnLeaseTimer(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (taskId, lease) in _leases.Where(l => l.Value.ExpiresAt <= now).ToList())
        {
            _leases.Remove(taskId);
            OnFailed(taskId, lease.Attempt, string.Create(CultureInfo.InvariantCulture,
                $"attempt {lease.Attempt}: no answer from the task grain within {lease.Length.TotalMilliseconds} ms (timeout + lease grace); its silo may be gone"), null);
        }

        if (_leases.Count == 0)
        {
            _leaseTimer?.Dispose();
            _leaseTimer = null;
        }

        return Task.CompletedTask;
    }

    private readonly record struct Lease(int Attempt, DateTimeOffset ExpiresAt, TimeSpan Length);

    private void ArmRetryTimer()
    {
        if (_queue.NextRetryAt is not { } at)
        {
            return;
        }

        var due = at - time.GetUtcNow();
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        _retryTimer ??= this.RegisterGrainTimer(OnRetryTimer, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true });
        _retryTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private Task OnRetryTimer(CancellationToken cancellationToken)
    {
        if (_queue.ReleaseDue(time.GetUtcNow()) > 0)
        {
            Pump();
        }

        ArmRetryTimer();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Queue} recovered {Running} running and {Pending} pending tasks")]
    private static partial void LogRecovered(ILogger logger, string queue, int running, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the final state of task {TaskId} in its task grain")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue} deactivated without its final snapshot ({ErrorType}: {Error}); the next activation replays its journal, and starts or outcomes of the last 100 ms may run again")]
    private static partial void LogFinalSnapshotFailed(ILogger logger, string queue, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the state of queue {Queue} failed; the activation restarts from storage")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string queue);
}
