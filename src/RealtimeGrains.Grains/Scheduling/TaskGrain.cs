using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Storage;
using RealtimeGrains.Hosting;
using RealtimeGrains.Placement;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Scheduling;

/// <summary>
/// Runs its task's attempts and keeps the outcome. Reentrant so that status reads and a repeated
/// dispatch are answered while an attempt runs: a repeated call joins the running attempt, and a
/// call after completion gets the stored outcome without running the handler again.
/// The stored state is read lazily through the grain storage: a task's first dispatch needs no read
/// (nothing was stored for it yet), every other call reads it once before it looks at the outcome.
/// </summary>
[Reentrant]
[TaskPlacement]
internal sealed partial class TaskGrain(
    [FromKeyedServices(RealtimeGrainsSiloBuilderExtensions.ResultStorage)] IGrainStorage storage,
    TaskHandlerRegistry handlers,
    AttemptTimeouts timeouts,
    LocalTaskLoad slots,
    ILocalSiloDetails silo,
    ISiloStatusOracle membership,
    TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain
{
    private const string StateName = "task";
    private readonly GrainState<TaskGrainState> _state = new(new TaskGrainState());
    private TaskInfo? _info;
    private Task<TaskRunOutcome>? _running;
    private Task? _loaded;
    private Task _lastWrite = Task.CompletedTask;

    public async Task<TaskInfo?> GetInfo()
    {
        await EnsureLoadedAsync();
        LeaveIfIdle();
        return _info;
    }

    public async Task<TaskRunOutcome> Run(TaskRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.FirstDispatch && _loaded is null)
        {
            // The scheduler dispatches this task for the first time: nothing is stored for it (and if a
            // lost scheduler write makes that untrue, the final write below notices the conflict).
            _loaded = Task.CompletedTask;
        }

        await EnsureLoadedAsync();
        if (Settled(run.Attempt) is { } done)
        {
            LeaveIfIdle();
            return Outcome(run.Attempt, done);
        }

        var running = _running ??= ExecuteAsync(run);
        try
        {
            return (await running) with { Attempt = run.Attempt };
        }
        finally
        {
            if (ReferenceEquals(_running, running))
            {
                _running = null;
            }
        }
    }

    public async Task Record(TaskInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        await EnsureLoadedAsync();

        // The scheduler's verdict on an attempt is final (it has counted and announced it): it replaces
        // what this grain stored for the same or an earlier attempt, e.g. a completion that came in after
        // the attempt's lease had expired. Only an outcome of a later attempt is kept.
        if (info.Status is not (TaskState.Completed or TaskState.Failed) || (_info is { Status: TaskState.Completed or TaskState.Failed } stored && stored.Attempts > info.Attempts))
        {
            return;
        }

        _info = info;
        await PersistAsync();
        LeaveIfIdle();
    }

    /// <summary>
    /// A call about a finished (or expired) task: answer it and go, so that reads, verdicts and repeated
    /// dispatches leave no activations behind, and an outcome is never served from memory past its retention.
    /// </summary>
    private void LeaveIfIdle()
    {
        if (_running is null && _info is null or { Status: TaskState.Completed or TaskState.Failed })
        {
            DeactivateOnIdle();
        }
    }

    private async Task<TaskRunOutcome> ExecuteAsync(TaskRun run)
    {
        var span = Spans.StartAttempt(run);
        try
        {
            var outcome = await AttemptAsync(run, span);
            Spans.EndAttempt(span, outcome.Status, outcome.Error);
            return outcome;
        }
        catch (Exception ex)
        {
            Spans.EndAttempt(span, TaskState.Failed, ex.Message);
            throw;
        }
    }

    private async Task<TaskRunOutcome> AttemptAsync(TaskRun run, Activity? span)
    {
        // One of this silo's task slots for the whole attempt: capacity limits how many run here at once.
        using var slot = await slots.AcquireAsync(CancellationToken.None);
        if (Settled(run.Attempt) is { } settled)
        {
            // The scheduler gave up on this attempt while it waited for a slot (its lease counts that wait).
            return Outcome(run.Attempt, settled);
        }

        span?.AddEvent(new ActivityEvent("slot acquired"));
        _info = Describe(run, time.GetUtcNow());
        var started = time.GetTimestamp();
        string? error = null;
        byte[]? result = null;
        try
        {
            result = await RunHandlerAsync(run);
        }
        catch (Exception ex)
        {
            error = Describe(ex, run);
        }

        var runMs = time.GetElapsedTime(started).TotalMilliseconds;
        var completedAt = time.GetUtcNow();
        var final = error is null || run.Attempt >= run.Spec.MaxAttempts;
        if (Settled(run.Attempt) is { } verdict)
        {
            // The scheduler recorded this attempt's outcome while the handler ran (its lease expired):
            // that verdict stands; the late answer is stale to the scheduler anyway.
            return Outcome(run.Attempt, verdict);
        }

        _info = _info with
        {
            Status = error is null ? TaskState.Completed : final ? TaskState.Failed : TaskState.Pending,
            CompletedAt = final ? completedAt : null,
            RunMs = runMs,
            Result = result,
            Error = error,
        };
        if (final)
        {
            await PersistAsync();

            // Its work is done and its outcome stored: free the activation now rather than holding
            // thousands of finished tasks until idle collection (a later call reads the stored outcome).
            DeactivateOnIdle();
        }
        else
        {
            LogAttemptFailed(logger, run.TaskId, run.Attempt, error!);
        }

        return new TaskRunOutcome
        {
            Attempt = run.Attempt,
            Status = error is null ? TaskState.Completed : TaskState.Failed,
            Result = result,
            Error = error,
            RunMs = runMs,
            CompletedAt = completedAt,
            Silo = _info.Silo,
        };
    }

    private async Task<byte[]> RunHandlerAsync(TaskRun run)
    {
        var handler = handlers.Get(run.Spec.Handler);
        var timeout = timeouts.After(TimeSpan.FromMilliseconds(run.Spec.TimeoutMs));
        var payload = run.Spec.Payload;
        if (!handler.MayBlock)
        {
            // Never blocks: run it on this grain's scheduler; most such handlers finish synchronously.
            // The yield ends the current turn first: a task grain's first turn runs while Orleans holds
            // the new activation's lock, so a handler that blocked there after all would stall every
            // sender to this grain (the scheduler among them); after the yield it stalls only this grain.
            await Task.Yield();
            var inline = handler.ExecuteAsync(payload, timeout);
            return inline.IsCompletedSuccessfully ? inline.Result : await inline.AsTask().WaitAsync(timeout);
        }

        // Off the grain's scheduler: handlers may block or burn CPU. A handler that ignores the token
        // is abandoned at the timeout all the same.
        var execution = Task.Run(() => handler.ExecuteAsync(payload, timeout).AsTask(), timeout);
        return await execution.WaitAsync(timeout);
    }

    /// <summary>
    /// The stored outcome that settles <paramref name="attempt"/>: a completion of any attempt, or a final
    /// failure (recorded by the scheduler or by this grain) of this or a later attempt.
    /// </summary>
    private TaskInfo? Settled(int attempt) => _info switch
    {
        { Status: TaskState.Completed } done => done,
        { Status: TaskState.Failed } failed when failed.Attempts >= attempt => failed,
        _ => null,
    };

    private static string Describe(Exception ex, TaskRun run) => ex switch
    {
        TimeoutException or OperationCanceledException => $"attempt {run.Attempt} timed out after {run.Spec.TimeoutMs} ms",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private TaskInfo Describe(TaskRun run, DateTimeOffset startedAt) => new()
    {
        Id = run.TaskId,
        Queue = run.Queue,
        Handler = run.Spec.Handler,
        Priority = run.Spec.Priority,
        EstimatedCostMs = run.Spec.EstimatedCostMs,
        Status = TaskState.Running,
        SubmittedAt = run.SubmittedAt,
        FirstStartedAt = run.FirstStartedAt,
        StartedAt = startedAt,
        WaitMs = (run.FirstStartedAt - run.SubmittedAt).TotalMilliseconds,
        Attempts = run.Attempt,
        MaxAttempts = run.Spec.MaxAttempts,
        Silo = silo.SiloAddress.ToParsableString(),
    };

    private static TaskRunOutcome Outcome(int attempt, TaskInfo done) => new()
    {
        Attempt = attempt,
        Status = done.Status,
        Result = done.Result,
        Error = done.Error,
        RunMs = done.RunMs ?? 0,
        CompletedAt = done.CompletedAt ?? DateTimeOffset.MinValue,
        Silo = done.Silo,
    };

    private Task EnsureLoadedAsync() => _loaded ??= LoadAsync();

    private async Task LoadAsync()
    {
        await storage.ReadStateAsync(StateName, this.GetGrainId(), _state);
        _info ??= _state.State?.Info;
    }

    /// <summary>Writes the current info after any write in flight (a verdict can arrive while an outcome is written).</summary>
    private Task PersistAsync() => _lastWrite = PersistAfterAsync(_lastWrite);

    private async Task PersistAfterAsync(Task previous)
    {
        // A failure of the previous write went to its caller; this write stands on its own.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

        // A silo stopped abruptly (killed) may still finish the handlers it was running: its outcome
        // is not recorded, the scheduler counts the attempt as lost and dispatches it again.
        if (membership.CurrentStatus is SiloStatus.Stopping or SiloStatus.Dead)
        {
            throw new InvalidOperationException($"silo {silo.SiloAddress} is stopping; the outcome of task {_info?.Id} is not recorded");
        }

        _state.State ??= new TaskGrainState();
        _state.State.Info = _info;
        try
        {
            await storage.WriteStateAsync(StateName, this.GetGrainId(), _state);
        }
        catch (InconsistentStateException)
        {
            // Someone stored an outcome this activation did not read: another activation of this task
            // (this one may be cut off from a dead silo) or an earlier run of a first dispatch repeated
            // after a lost scheduler write. The later attempt's outcome wins: a stored final outcome of
            // the same or a later attempt is kept, one of an earlier attempt is overwritten.
            var info = _info;
            await storage.ReadStateAsync(StateName, this.GetGrainId(), _state);
            _state.State ??= new TaskGrainState();
            if (_state.State.Info is { Status: TaskState.Completed or TaskState.Failed } stored && stored.Attempts >= (info?.Attempts ?? 0))
            {
                _info = stored;
                return;
            }

            _state.State.Info = info;
            await storage.WriteStateAsync(StateName, this.GetGrainId(), _state);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} attempt {Attempt} failed and may be retried: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string taskId, int attempt, string error);
}
