using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>A task a key submitted, from its checkpoint until its outcome is applied to the key (field <c>s:{submission id}</c>).</summary>
[GenerateSerializer, Alias("rtg.task-submission")]
internal sealed class TaskSubmission
{
    public const string FieldPrefix = "s:";

    [Id(0)] public required string Queue { get; init; }

    /// <summary>The spec; its request id is the submission id.</summary>
    [Id(1)] public required TaskSpec Spec { get; init; }

    /// <summary>The key the outcome goes back to.</summary>
    [Id(2)] public required byte[] Key { get; init; }

    /// <summary>The scheduler's id once it accepted the task.</summary>
    [Id(3)] public string? TaskId { get; set; }

    [Id(4)] public long CreatedAtMs { get; init; }

    public string Id => Spec.RequestId!;

    public string Field => FieldPrefix + Id;

    /// <summary>Written by a checkpoint (may be submitted).</summary>
    [NonSerialized]
    private bool _persisted;

    public bool Persisted { get => _persisted; set => _persisted = value; }

    [field: NonSerialized]
    public bool InFlight { get; set; }

    [field: NonSerialized]
    public long NextAttemptMs { get; set; }

    [field: NonSerialized]
    public int Failures { get; set; }
}
