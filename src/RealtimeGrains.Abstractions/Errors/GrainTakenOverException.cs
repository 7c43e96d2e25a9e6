namespace RealtimeGrains;

/// <summary>
/// The activation that took the call found its stored state written by another activation of the same grain (two
/// activations can briefly coexist while membership settles after a silo failure, or a silo declared dead still runs):
/// it stops, and the grain continues from storage in one activation. Nothing of the call took effect; retry it (the
/// client library does so itself, like a call to a lost silo).
/// </summary>
[GenerateSerializer, Alias("rtg.grain-taken-over")]
public sealed class GrainTakenOverException : RealtimeGrainsException
{
    public GrainTakenOverException()
    {
    }

    public GrainTakenOverException(string message)
        : base(message)
    {
    }

    public GrainTakenOverException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
