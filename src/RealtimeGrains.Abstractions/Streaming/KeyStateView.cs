namespace RealtimeGrains.Streaming;

/// <summary>The state of one key as a query returns it.</summary>
[GenerateSerializer, Immutable, Alias("rtg.key-state-view")]
public sealed record KeyStateView
{
    [Id(0)] public required string Stream { get; init; }

    [Id(1)] public required string Key { get; init; }

    [Id(2)] public required int Partition { get; init; }

    /// <summary>Name of the stream's processor.</summary>
    [Id(3)] public required string Processor { get; init; }

    /// <summary>The state in Orleans' binary serialization (read it with <c>GetStateAsync&lt;TState&gt;</c>).</summary>
    [Id(4)] public required byte[] State { get; init; }

    /// <summary>The state rendered as JSON.</summary>
    [Id(5)] public required string Json { get; init; }

    /// <summary>Pending timers of the key.</summary>
    [Id(6)] public int Timers { get; init; }

    /// <summary>Tasks the key submitted whose outcome has not come back yet.</summary>
    [Id(7)] public int PendingTasks { get; init; }

    /// <summary>Sequence of the key's newest retained output (0 when none).</summary>
    [Id(8)] public long LastOutput { get; init; }
}
