using RealtimeGrains.Scheduling;
using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Tests.Streaming.Processing;

/// <summary>Sums typed <c>double</c> events; raw payloads are refused.</summary>
internal sealed class TypedSumProcessor : KeyedProcessor<double, double, double>
{
    public override void Process(double value, ref KeyContext<double, double> context) => context.State += value;
}

/// <summary>
/// Per event: sets a processing-time timer "t" at now + payload milliseconds (text), or with payload "e:N" an
/// event-time timer at event time + N ms; on a timer, emits "fired:{name}" to the output stream and counts the firing.
/// "clear" clears the key, "task" submits a task, "emit:S" emits to stream S.
/// </summary>
internal sealed class TimerProcessor : KeyedProcessor<long, byte[]>
{
    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<long, byte[]> context)
    {
        var text = System.Text.Encoding.UTF8.GetString(payload);
        if (text == "clear")
        {
            context.Clear();
        }
        else if (text == "task")
        {
            context.SubmitTask("q", new TaskSpec { Handler = "echo", Payload = [1] });
        }
        else if (text.StartsWith("emit:", StringComparison.Ordinal))
        {
            context.EmitTo(text[5..], context.Key, "x"u8.ToArray());
        }
        else if (text.StartsWith("e:", StringComparison.Ordinal))
        {
            context.SetEventTimeTimer("e", context.EventTime.AddMilliseconds(long.Parse(text[2..], System.Globalization.CultureInfo.InvariantCulture)));
        }
        else if (text.StartsWith("r:", StringComparison.Ordinal))
        {
            var period = TimeSpan.FromMilliseconds(long.Parse(text[2..], System.Globalization.CultureInfo.InvariantCulture));
            context.SetTimer("r", context.Now + period, period);
        }
        else
        {
            context.SetTimer("t", context.Now.AddMilliseconds(long.Parse(text, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public override void OnTimer(ProcessorTimer timer, ref KeyContext<long, byte[]> context)
    {
        context.State++;
        context.Emit(System.Text.Encoding.UTF8.GetBytes("fired:" + timer.Name));
    }

    public override void OnTaskFinished(TaskOutcome outcome, ref KeyContext<long, byte[]> context) => context.State += 1000;
}
