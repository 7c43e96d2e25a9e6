namespace RealtimeGrains.Streaming.Processors;

/// <summary>
/// User code that folds a key's events into its state. Registered by name on the silo
/// (<c>AddKeyedProcessor&lt;T&gt;("name")</c>) and chosen per stream in configuration. Must be
/// thread-safe (one instance serves every partition) and deterministic (a resend after recovery
/// replays events from the last checkpoint).
/// </summary>
public interface IKeyedProcessor
{
    /// <summary>
    /// Applies one event. Return false to refuse a payload the processor cannot use; the event is then
    /// counted as rejected and the state is left unchanged. The partition grain counts applied events in
    /// <see cref="KeyState.Count"/> itself.
    /// </summary>
    bool Apply(KeyState state, ReadOnlySpan<byte> payload);

    /// <summary>Renders the state's value for queries (<c>rtg query</c>).</summary>
    string Render(KeyState state);
}
