namespace RealtimeGrains;

/// <summary>
/// A request was refused for what it asked (unknown stream, queue, task or handler; invalid event, task or
/// settings; a full queue): nothing of it was applied. Sending the same request again fails the same way,
/// except a full queue, which accepts it once room frees up.
/// </summary>
[GenerateSerializer, Alias("rtg.request-rejected")]
public abstract class RequestRejectedException : RealtimeGrainsException
{
    protected RequestRejectedException()
    {
    }

    protected RequestRejectedException(string message)
        : base(message)
    {
    }

    protected RequestRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
