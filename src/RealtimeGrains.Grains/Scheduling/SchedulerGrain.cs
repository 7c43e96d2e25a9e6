using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Serialization;
using Orleans.Storage;
using RealtimeGrains.Hosting;
using RealtimeGrains.Storage;

namespace RealtimeGrains.Scheduling;

/// <summary>
/// The scheduler of one queue. Reentrant: every state change happens synchronously inside a turn
/// (on <see cref="TaskQueue"/>), and turns only interleave at awaits on writes, publishes and task
/// grain calls. Accepts are acknowledged after a group-committed write; dispatch is fire-and-forget
/// with the completion (or failure, or lease expiry) handled when the task grain answers.
/// </summary>
[Reentrant]
internal sealed partial class SchedulerGrain(
    [FromKeyedServices(RealtimeGrainsSiloBuilderExtensions.StateStorage)] IGrainStorage storage,
    DeepCopier<QueueState> copier,
    IOptions<SchedulerOptions> options,
    TaskHandlerRegistry handlers,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<SchedulerGrain> logger) : Grain, ISchedulerGrain
{
    private readonly SchedulerOptions _options = options.Value;
    private TaskQueue _queue = null!;
    private GroupCommit _commit = null!;
    private SchedulerStore _store = null!;
    private StatusPublisher _publisher = null!;
    private IGrainTimer? _retryTimer;
    private IGrainTimer? _leaseTimer;
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private string _name = "";
    private bool _deactivating;

    /// <summary>Longest time a start or outcome waits for a write when no accept brings one sooner.</summary>
    private static readonly TimeSpan LazyCommit = TimeSpan.FromMilliseconds(100);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = this.GetPrimaryKeyString();
        _store = new SchedulerStore(_name, this.GetGrainId(), storage, copier, time, logger);
        var (snapshot, journal) = await _store.LoadAsync();
        _queue = new TaskQueue(_name, _options, snapshot, journal, OnRaised);
        _commit = new GroupCommit(WriteAsync, time, TimeSpan.FromMilliseconds(_options.CommitIntervalMs));
        var stream = this.GetStreamProvider(TaskStreams.Provider).GetStream<TaskStatusBatch>(StreamId.Create(TaskStreams.Namespace, _name));
        _publisher = new StatusPublisher(stream, time, logger);
        if (_queue.RunningCount > 0 || _queue.PendingCount > 0)
        {
            LogRecovered(logger, _name, _queue.RunningCount, _queue.PendingCount);
        }

        Pump();
        ArmRetryTimer();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        SchedulerMetrics.Forget(_name);
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown && storage is MemoryGrainStore)
        {
            // Memory storage keeps state in grains that stop with this silo too: a write now
            // mostly fails, noisily, and what it would save is lost with the silo anyway.
            return;
        }

        if (TaskIds.IsValidQueueName(_name) && _queue.Configured && !_store.Failed)
        {
            // A snapshot: the next activation reads no journal.
            _deactivating = true;
            try
            {
                await _commit.CommitAsync();
            }
            catch (Exception ex)
            {
                // Typically the silo is stopping and its storage went first (memory storage is lost with
                // it anyway); with durable storage the journal still holds every write made before this one.
                LogFinalSnapshotFailed(logger, _name, ex.GetType().Name, ex.Message);
            }
        }
    }

    /// <summary>A repeated request id returns the task accepted for it (after waiting for durability: its accept may still be in the write in flight).</summary>
    public async Task<string> Submit(TaskSpec spec) => (await SubmitMany([spec]))[0];

    public async Task<IReadOnlyList<string>> SubmitMany(IReadOnlyList<TaskSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        QueueSettingsCheck.CheckName(_name);
        foreach (var spec in specs)
        {
            TaskSpecCheck.Validate(_name, spec, handlers, _options.MaxPayloadBytes);
        }

        var ids = _queue.AcceptMany(specs, time.GetUtcNow());
        Pump();
        await Commit();
        return ids;
    }

    public async Task<QueueSettings> Configure(QueueSettingsChange change)
    {
        QueueSettingsCheck.CheckName(_name);
        var settings = _queue.Configure(change);
        Pump();
        await Commit();
        return settings;
    }

    public Task<QueueStatus> GetStatus()
    {
        QueueSettingsCheck.CheckName(_name);
        var status = _queue.Status(time.GetUtcNow());
        DropIfUnused();
        return Task.FromResult(status);
    }

    public async Task<TaskInfo> GetTask(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        var known = _queue.Find(taskId);
        if (known is { Status: TaskState.Pending or TaskState.Running })
        {
            return known;
        }

        if (!_queue.WasAccepted(taskId))
        {
            DropIfUnused();
            throw new UnknownTaskException($"unknown task '{taskId}' in queue '{_name}'");
        }

        // Finished tasks keep their outcome in their task grain's storage, for the retention (and the memory cap).
        return await GrainFactory.GetGrain<ITaskGrain>(taskId).GetInfo()
            ?? (known is null ? null : known with { OutcomeExpired = true })
            ?? throw new UnknownTaskException($"task '{taskId}' of queue '{_name}' finished and its outcome is no longer stored ({OutcomeGone})");
    }

    /// <summary>Why a finished task's outcome may be gone, for messages.</summary>
    internal const string OutcomeGone =
        "outcomes are kept for RealtimeGrains:Storage:TaskResultRetentionMinutes; memory storage keeps the latest MemoryTaskResultLimit and loses them with the silo";

    public Task<IReadOnlyList<TaskInfo>> ListTasks()
    {
        var tasks = _queue.List();
        DropIfUnused();
        return Task.FromResult(tasks);
    }

    /// <summary>
    /// A read of a queue never written leaves no activation behind: a caller naming millions of queues to read
    /// must not keep millions of schedulers in memory until Orleans' idle collection.
    /// </summary>
    private void DropIfUnused()
    {
        if (!_queue.Configured && _queue.PendingCount == 0 && _queue.RunningCount == 0)
        {
            DeactivateOnIdle();
        }
    }

    private Task Commit()
    {
        SchedulerMetrics.Depth(_queue.Settings, _name, _queue.PendingCount, _queue.RunningCount);
        return _commit.CommitAsync();
    }

    /// <summary>
    /// Persists starts and outcomes lazily: they ride along with the next accept's write, or go out
    /// within <see cref="LazyCommit"/>. Losing them in a crash is safe: a task still recorded as running
    /// is re-attached (its task grain answers from its stored outcome), one still recorded as pending
    /// runs again (at-least-once).
    /// </summary>
    private void CommitSoon()
    {
        SchedulerMetrics.Depth(_queue.Settings, _name, _queue.PendingCount, _queue.RunningCount);
        _commit.CommitSoon(LazyCommit);
    }

    private async Task WriteAsync()
    {
        try
        {
            await _store.WriteAsync(_queue.State, snapshotNow: _deactivating);
        }
        catch (Exception ex)
        {
            // Memory and storage disagree now: start over from what storage holds.
            if (!_deactivating)
            {
                LogWriteFailed(logger, ex, _name);
                DeactivateOnIdle();
            }

            throw;
        }
    }
}
