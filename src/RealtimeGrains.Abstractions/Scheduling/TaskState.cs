namespace RealtimeGrains.Scheduling;

/// <summary>Where a task is in its life.</summary>
public enum TaskState
{
    /// <summary>Accepted and waiting for a slot (also between retries).</summary>
    Pending = 0,

    /// <summary>An attempt is running on a task grain.</summary>
    Running = 1,

    /// <summary>The handler returned a result.</summary>
    Completed = 2,

    /// <summary>Every attempt failed; the last error is kept.</summary>
    Failed = 3,
}
