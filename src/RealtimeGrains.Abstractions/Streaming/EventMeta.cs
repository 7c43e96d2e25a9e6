namespace RealtimeGrains.Streaming;

/// <summary>
/// What an event carries besides key and payload: its event time (Unix milliseconds; windows use it, else the
/// time the partition received the event) and whether the payload is a value in Orleans' binary serialization
/// (written by <c>PublishAsync&lt;TEvent&gt;</c> or a processor's emit) rather than raw bytes.
/// </summary>
public readonly record struct EventMeta(long? EventTimeMs = null, bool Typed = false)
{
    internal const int HasTime = 1;
    internal const int IsTyped = 2;
    internal const int FlagBits = 2;

    internal int Flags => (EventTimeMs is null ? 0 : HasTime) | (Typed ? IsTyped : 0);

    /// <summary>The event time as a timestamp, when the event has one.</summary>
    public DateTimeOffset? EventTime => EventTimeMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
