using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Client.Resilience;

/// <summary>The sends of one batch against <see cref="ProducerOptions.MaxAttempts"/>: <paramref name="before"/> earlier ones, and those of this run.</summary>
internal sealed class BatchSendAttempts(int before, int max)
{
    public int Made { get; private set; }

    public int Left => max - before - Made;

    /// <summary>Counts a send; true when it is not the batch's first.</summary>
    public bool Start() => before + Made++ > 0;
}
