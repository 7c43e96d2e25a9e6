using RealtimeGrains.Scheduling;
using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Streaming.Processors;

/// <summary>
/// <c>task</c>: every event becomes a task (its payload the task's input) on the queue and handler named in the
/// stream's <c>Settings</c> (<c>Queue</c>, <c>Handler</c>, optional <c>Priority</c>); each task's outcome is
/// emitted to the stream's output stream for the same key, as <see cref="TaskOutcome"/>. State: tasks submitted
/// and finished per key.
/// </summary>
internal sealed class TaskProcessor : KeyedProcessor<TaskProcessorState, TaskOutcome>
{
    public override TaskProcessorState CreateState() => new();

    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<TaskProcessorState, TaskOutcome> context)
    {
        var settings = context.Stream.Settings;
        if (!settings.TryGetValue("Queue", out var queue) || !settings.TryGetValue("Handler", out var handler))
        {
            context.Reject($"stream '{context.Stream.Name}' uses the task processor without Settings:Queue and Settings:Handler");
            return;
        }

        var priority = settings.TryGetValue("Priority", out var p) && int.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
        context.SubmitTask(queue, new TaskSpec { Handler = handler, Payload = payload.ToArray(), Priority = priority });
        context.State.Submitted++;
    }

    public override void OnTaskFinished(TaskOutcome outcome, ref KeyContext<TaskProcessorState, TaskOutcome> context)
    {
        context.State.Finished++;
        if (context.Stream.Output is not null)
        {
            context.Emit(outcome);
        }
    }
}

/// <summary>State of the <c>task</c> processor per key.</summary>
[GenerateSerializer, Alias("rtg.task-processor-state")]
public sealed class TaskProcessorState
{
    [Id(0)] public long Submitted { get; set; }

    [Id(1)] public long Finished { get; set; }
}
