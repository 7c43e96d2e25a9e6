namespace RealtimeGrains.Streaming.State;

/// <summary>A checkpoint was refused because another activation of the partition has opened its state since.</summary>
[GenerateSerializer, Alias("rtg.state-fenced")]
internal sealed class StateFencedException : Exception
{
    public StateFencedException()
    {
    }

    public StateFencedException(string partition)
        : base($"partition {partition}: another activation owns its state now; this one stops writing")
    {
    }

    public StateFencedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
