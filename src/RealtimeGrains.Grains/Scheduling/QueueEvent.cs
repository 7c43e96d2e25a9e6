namespace RealtimeGrains.Scheduling;

/// <summary>
/// Something that happened to a queue. Commands on <see cref="TaskQueue"/> check and raise events; one
/// <c>Apply</c> makes each change, live and when a journal is replayed onto a <see cref="QueueState"/> snapshot.
/// Stored in the journal: never reorder or reuse an <c>Id</c>, never rename an alias.
/// </summary>
[GenerateSerializer, Immutable, Alias("rtg.queue-event")]
internal abstract record QueueEvent;

/// <summary>A task was accepted (pending; its request id, if any, joins the window).</summary>
[GenerateSerializer, Immutable, Alias("rtg.queue-event.accepted")]
internal sealed record TaskAccepted([property: Id(0)] QueuedTask Task) : QueueEvent;

/// <summary>Attempt <paramref name="Attempt"/> of a pending task started.</summary>
[GenerateSerializer, Immutable, Alias("rtg.queue-event.started")]
internal sealed record TaskStarted([property: Id(0)] string Id, [property: Id(1)] int Attempt, [property: Id(2)] DateTimeOffset At) : QueueEvent;

/// <summary>An attempt failed with attempts left: the task waits until <paramref name="RetryAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("rtg.queue-event.retry-scheduled")]
internal sealed record RetryScheduled(
    [property: Id(0)] string Id, [property: Id(1)] int Attempt, [property: Id(2)] string Error, [property: Id(3)] DateTimeOffset At, [property: Id(4)] DateTimeOffset RetryAt) : QueueEvent;

/// <summary>A task's retry backoff passed: it is pending for the policy again.</summary>
[GenerateSerializer, Immutable, Alias("rtg.queue-event.released")]
internal sealed record RetryReleased([property: Id(0)] string Id) : QueueEvent;

/// <summary>A task completed or failed for good; <paramref name="Info"/> is what the history keeps.</summary>
[GenerateSerializer, Immutable, Alias("rtg.queue-event.finished")]
internal sealed record TaskFinished([property: Id(0)] TaskInfo Info) : QueueEvent;

/// <summary>The queue's settings changed (policy, concurrency, length, pause, aging).</summary>
[GenerateSerializer, Immutable, Alias("rtg.queue-event.settings-changed")]
internal sealed record SettingsChanged([property: Id(0)] QueueSettings Settings) : QueueEvent;
