namespace RealtimeGrains.Scheduling;

/// <summary>
/// Where task status changes are published: stream provider <c>rtg-tasks</c>, namespace <c>queue</c>,
/// key = queue name; items are <see cref="TaskStatusBatch"/>.
/// </summary>
public static class TaskStreams
{
    /// <summary>Name of the memory stream provider silos and clients register.</summary>
    public const string Provider = "rtg-tasks";

    /// <summary>Stream namespace of every queue's stream.</summary>
    public const string Namespace = "queue";
}
