namespace RealtimeGrains.Streaming.Processing;

/// <summary>
/// User code on the event path: folds each event of a key into that key's state, and may emit outputs, set
/// timers and submit tasks through its <see cref="KeyContext{TState,TOutput}"/>. Registered on the silo by name
/// (<c>AddKeyedProcessor&lt;T&gt;("name")</c>) and chosen per stream in configuration. One instance serves every
/// partition of every stream that declares it, so it must keep no mutable fields; everything per key lives in
/// the state. It must be deterministic: after a crash the events since the last checkpoint are applied again.
/// This base takes payloads as raw bytes; <see cref="KeyedProcessor{TEvent,TState,TOutput}"/> decodes typed events.
/// </summary>
/// <typeparam name="TState">Per-key state: a struct, or a <c>[GenerateSerializer]</c> class (checkpointed with Orleans' serializer unless <see cref="StateCodec"/> is given).</typeparam>
/// <typeparam name="TOutput">What the processor emits to its stream's output stream.</typeparam>
public abstract class KeyedProcessor<TState, TOutput>
{
    /// <summary>The state of a key the first time it is seen (<c>default</c> unless overridden).</summary>
    public virtual TState CreateState() => default!;

    /// <summary>
    /// Applies one event. Call <see cref="KeyContext{TState,TOutput}.Reject"/> to refuse a payload (it is counted
    /// as rejected, a struct state is left unchanged and nothing it emitted, set or submitted takes effect); a
    /// processor that throws is treated the same way and logged.
    /// </summary>
    public abstract void Process(ReadOnlySpan<byte> payload, ref KeyContext<TState, TOutput> context);

    /// <summary>A timer of the key fired (processing-time timers once due; event-time timers once the partition's watermark passes them).</summary>
    public virtual void OnTimer(ProcessorTimer timer, ref KeyContext<TState, TOutput> context)
    {
    }

    /// <summary>A task the key submitted (<see cref="KeyContext{TState,TOutput}.SubmitTask"/>) finished; called once per task.</summary>
    public virtual void OnTaskFinished(TaskOutcome outcome, ref KeyContext<TState, TOutput> context)
    {
    }

    /// <summary>Binary form of the state for checkpoints; null uses Orleans' serializer.</summary>
    public virtual IStateCodec<TState>? StateCodec => null;

    /// <summary>Decodes a typed payload (called by the typed subclass); raw processors never see it.</summary>
    internal virtual void Dispatch(ReadOnlySpan<byte> payload, EventMeta meta, ref KeyContext<TState, TOutput> context) => Process(payload, ref context);
}

/// <summary>
/// A processor of typed events: payloads published with <c>PublishAsync&lt;TEvent&gt;</c> (or emitted by another
/// processor) are decoded with Orleans' serializer before <see cref="Process(TEvent, ref KeyContext{TState, TOutput})"/>.
/// A payload that does not decode as <typeparamref name="TEvent"/> is rejected with a clear reason. Raw payloads are
/// decoded by <see cref="DecodeRaw"/>, which refuses them unless overridden.
/// </summary>
public abstract class KeyedProcessor<TEvent, TState, TOutput> : KeyedProcessor<TState, TOutput>
{
    /// <summary>Applies one decoded event.</summary>
    public abstract void Process(TEvent value, ref KeyContext<TState, TOutput> context);

    /// <inheritdoc/>
    public sealed override void Process(ReadOnlySpan<byte> payload, ref KeyContext<TState, TOutput> context) =>
        Dispatch(payload, default, ref context);

    /// <summary>Turns a raw (untyped) payload into an event; return false to reject it. Refuses raw payloads by default.</summary>
    protected virtual bool DecodeRaw(ReadOnlySpan<byte> payload, out TEvent value)
    {
        value = default!;
        return false;
    }

    internal sealed override void Dispatch(ReadOnlySpan<byte> payload, EventMeta meta, ref KeyContext<TState, TOutput> context)
    {
        TEvent value;
        if (meta.Typed)
        {
            if (!context.Runtime.TryDecode(payload, out value, out var error))
            {
                context.Reject(error);
                return;
            }
        }
        else if (!DecodeRaw(payload, out value))
        {
            context.Reject($"a raw payload where the processor takes {typeof(TEvent).Name} events (publish with PublishAsync<{typeof(TEvent).Name}>)");
            return;
        }

        Process(value, ref context);
    }
}
