namespace RealtimeGrains;

/// <summary>
/// Base of every exception RealtimeGrains raises to a caller, so an app (or <c>rtg</c>) can catch one type.
/// <see cref="RequestRejectedException"/>: the request itself was refused, nothing of it applied.
/// <see cref="StorageUnavailableException"/>: the cluster could not reach its storage; retry later.
/// </summary>
[GenerateSerializer, Alias("rtg.exception")]
public class RealtimeGrainsException : Exception
{
    public RealtimeGrainsException()
    {
    }

    public RealtimeGrainsException(string message)
        : base(message)
    {
    }

    public RealtimeGrainsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
