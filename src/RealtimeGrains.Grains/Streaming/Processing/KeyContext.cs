using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>
/// What a processor can do for the key it is called for: read and change the key's state, clear the key, set
/// timers, emit outputs and submit tasks. Effects (outputs, timers, tasks) take effect only if the call does not
/// reject or throw, and leave the partition only after the checkpoint that covers them; each carries an id so a
/// replay after a crash has no duplicate effect. Valid only during the call it is passed to.
/// </summary>
public ref struct KeyContext<TState, TOutput>
{
    private readonly ref TState _state;

    internal KeyContext(ref TState state, ProcessorRuntime<TState, TOutput> runtime)
    {
        _state = ref state;
        Runtime = runtime;
    }

    internal ProcessorRuntime<TState, TOutput> Runtime { get; }

    /// <summary>The key's state; change it in place or assign it.</summary>
    public readonly ref TState State => ref _state;

    /// <summary>The stream being processed (its name, layout and processor <c>Settings</c>).</summary>
    public readonly StreamDefinition Stream => Runtime.Definition;

    /// <summary>The key.</summary>
    public readonly string Key => Runtime.CurrentKey;

    /// <summary>The key as UTF-8 bytes (no allocation).</summary>
    public readonly ReadOnlySpan<byte> KeyBytes => Runtime.CurrentKeyBytes;

    /// <summary>The event's event time, or when the partition received it (for timers and task outcomes: when they fired or arrived).</summary>
    public readonly DateTimeOffset EventTime => Runtime.CurrentEventTime;

    /// <summary>Processing time.</summary>
    public readonly DateTimeOffset Now => Runtime.Now;

    /// <summary>The partition's watermark: no event older than this is expected any more.</summary>
    public readonly DateTimeOffset Watermark => Runtime.Watermark;

    /// <summary>The key's append-only log of byte records (each checkpointed as its own field: appends cost what they add).</summary>
    public readonly KeyLog Log => new(Runtime);

    /// <summary>Removes the key (state, timers, log) once this call returns; a later event starts it afresh.</summary>
    public readonly void Clear() => Runtime.ClearCurrent();

    /// <summary>Emits <paramref name="output"/> for this key to the stream's output stream (<c>Output</c> in its declaration).</summary>
    /// <exception cref="InvalidOperationException">The stream declares no output stream.</exception>
    public readonly void Emit(TOutput output) => Runtime.EmitToOutput(null, output);

    /// <summary>Emits <paramref name="output"/> for another key to the stream's output stream.</summary>
    public readonly void Emit(string key, TOutput output) => Runtime.EmitToOutput(key, output);

    /// <summary>Emits <paramref name="value"/> as an event of <paramref name="key"/> on the declared stream <paramref name="stream"/> (processors chain this way).</summary>
    /// <exception cref="ArgumentException">The stream is not declared, or the key is empty or too long for it.</exception>
    public readonly void EmitTo<T>(string stream, string key, T value) => Runtime.EmitTo(stream, key, value);

    /// <summary>
    /// Sets (or moves) the processing-time timer <paramref name="name"/> of this key to fire at <paramref name="due"/>,
    /// and then every <paramref name="repeat"/> when it is given.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="due"/> is in the past, or <paramref name="repeat"/> is under 1 ms.</exception>
    public readonly void SetTimer(string name, DateTimeOffset due, TimeSpan? repeat = null) => Runtime.SetTimer(name, due, repeat, eventTime: false);

    /// <summary>Sets (or moves) the event-time timer <paramref name="name"/>: it fires once the watermark reaches <paramref name="due"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="due"/> is not after the watermark.</exception>
    public readonly void SetEventTimeTimer(string name, DateTimeOffset due) => Runtime.SetTimer(name, due, null, eventTime: true);

    /// <summary>When the timer <paramref name="name"/> is due (as set so far, this call included), or null when the key has none.</summary>
    public readonly DateTimeOffset? TimerDue(string name) => Runtime.TimerDue(name);

    /// <summary>Cancels the timer <paramref name="name"/>; false when the key has none of that name.</summary>
    public readonly bool CancelTimer(string name) => Runtime.CancelTimer(name);

    /// <summary>
    /// Submits a task to the scheduler queue <paramref name="queue"/> once this call's effects are checkpointed;
    /// its outcome comes back to this key through <see cref="KeyedProcessor{TState,TOutput}.OnTaskFinished"/>.
    /// Returns the submission id (<c>{stream}/{key}/{sequence}</c>), which is also the task's request id.
    /// </summary>
    public readonly string SubmitTask(string queue, TaskSpec spec) => Runtime.SubmitTask(queue, spec);

    /// <summary>Refuses the event: it is counted as rejected and logged with <paramref name="reason"/>, and nothing of this call takes effect.</summary>
    public readonly void Reject(string reason) => Runtime.RejectCurrent(reason);

    /// <summary>Counts the event as late (the stream's late-events counter); the processor decides what else to do with it.</summary>
    public readonly void CountLate() => Runtime.CountLate();
}
