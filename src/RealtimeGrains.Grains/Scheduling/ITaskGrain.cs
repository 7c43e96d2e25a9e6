using Orleans.Concurrency;

namespace RealtimeGrains.Scheduling;

/// <summary>
/// Runs one task (key = task id) for its scheduler and keeps its outcome persisted. Attempts are
/// numbered by the scheduler; a call for an older attempt than the latest is answered as stale.
/// </summary>
internal interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs attempt <see cref="TaskRun.Attempt"/>, or joins it when it is already running, or returns
    /// the stored outcome when the task has already completed. The scheduler enforces its own lease,
    /// so the response timeout here only has to outlast the longest task timeout.
    /// </summary>
    [ResponseTimeout("1.00:00:00")]
    Task<TaskRunOutcome> Run(TaskRun run);

    /// <summary>What this grain knows about its task, or null when it never ran.</summary>
    [AlwaysInterleave]
    Task<TaskInfo?> GetInfo();

    /// <summary>Persists a final state the scheduler decided (for example Failed after a lost attempt).</summary>
    Task Record(TaskInfo info);
}
