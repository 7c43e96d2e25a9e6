using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>What an <see cref="OutputFeed"/>'s reader is asked to do next, in the order things happened.</summary>
internal readonly record struct FeedSignal(FeedSignalKind Kind, IReadOnlyList<StreamOutput>? Outputs = null, int Partition = -1)
{
    public static FeedSignal Pushed(IReadOnlyList<StreamOutput> outputs) => new(FeedSignalKind.Outputs, outputs);

    public static FeedSignal Resubscribe(int partition) => new(FeedSignalKind.Resubscribe, Partition: partition);

    public static FeedSignal CatchUp => new(FeedSignalKind.CatchUp);
}

internal enum FeedSignalKind
{
    /// <summary>Outputs a partition pushed.</summary>
    Outputs,

    /// <summary>A partition no longer knows the subscription (moved, reactivated, lease lost): subscribe again from the feed's positions.</summary>
    Resubscribe,

    /// <summary>Pushes were set aside while the reader was behind: read their keys back from retention.</summary>
    CatchUp,
}
