namespace RealtimeGrains.Scheduling;

/// <summary>What a task grain persists: its task's final info (written once the task completes or fails for good).</summary>
[GenerateSerializer, Alias("rtg.task-grain-state")]
internal sealed class TaskGrainState
{
    [Id(0)] public TaskInfo? Info { get; set; }
}
