namespace RealtimeGrains.Scheduling;

/// <summary>No task has that id (or the id is malformed).</summary>
[GenerateSerializer, Alias("rtg.unknown-task-exception")]
public sealed class UnknownTaskException(string message) : RequestRejectedException(message);
