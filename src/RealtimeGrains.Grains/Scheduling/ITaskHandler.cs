namespace RealtimeGrains.Scheduling;

/// <summary>
/// Runs one kind of task. Registered on every silo by <see cref="Name"/> with
/// <c>siloBuilder.AddTaskHandler&lt;T&gt;()</c>; one instance serves all tasks concurrently, so
/// implementations must be thread-safe. Execution is at-least-once: a task can run again after a
/// lost silo or a timeout, so handlers should be idempotent.
/// </summary>
public interface ITaskHandler
{
    /// <summary>The name tasks use in <see cref="TaskSpec.Handler"/>.</summary>
    string Name { get; }

    /// <summary>
    /// True (the default) runs the handler on the thread pool, as blocking or CPU-heavy handlers need.
    /// False means it never blocks its thread (it finishes in microseconds or only awaits): it then runs
    /// on the task grain's own turn, without a thread hop.
    /// </summary>
    bool MayBlock => true;

    /// <summary>Runs the task; a thrown exception fails the attempt (it is retried up to MaxAttempts).</summary>
    /// <param name="payload">The task's payload.</param>
    /// <param name="cancellationToken">Cancelled when the attempt's timeout expires.</param>
    /// <returns>The result kept with the task.</returns>
    ValueTask<byte[]> ExecuteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}
