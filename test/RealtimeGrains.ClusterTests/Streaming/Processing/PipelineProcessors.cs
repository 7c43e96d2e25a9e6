using RealtimeGrains.Scheduling;
using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.ClusterTests.Streaming.Processing;

[GenerateSerializer, Alias("test.order")]
public sealed record Order([property: Id(0)] string Item, [property: Id(1)] double Amount);

[GenerateSerializer, Alias("test.order-totals")]
public sealed class OrderTotals
{
    [Id(0)] public long Count { get; set; }

    [Id(1)] public double Total { get; set; }

    [Id(2)] public long Audited { get; set; }
}

/// <summary>
/// Typed: keeps count and total of a customer's orders, emits the totals after each order to its output stream,
/// and sends orders over 100 to the <c>audit</c> queue; an audit's outcome is emitted to <c>audits</c>.
/// </summary>
public sealed class OrderTotalsProcessor : KeyedProcessor<Order, OrderTotals, OrderTotals>
{
    public override OrderTotals CreateState() => new();

    public override void Process(Order value, ref KeyContext<OrderTotals, OrderTotals> context)
    {
        if (value.Amount < 0)
        {
            context.Reject("negative amount");
            return;
        }

        context.State.Count++;
        context.State.Total += value.Amount;
        context.Emit(context.State);
        if (value.Amount > 100)
        {
            context.SubmitTask("audit", new TaskSpec { Handler = "echo", Payload = System.Text.Encoding.UTF8.GetBytes(value.Item) });
        }
    }

    public override void OnTaskFinished(TaskOutcome outcome, ref KeyContext<OrderTotals, OrderTotals> context)
    {
        context.State.Audited++;
        context.EmitTo("audits", context.Key, $"{outcome.Status}:{System.Text.Encoding.UTF8.GetString(outcome.Result ?? [])}");
    }
}

/// <summary>Raw: forwards every payload, unchanged, to its output stream (chains streams).</summary>
public sealed class ForwardProcessor : KeyedProcessor<long, byte[]>
{
    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<long, byte[]> context)
    {
        context.State++;
        context.Emit(payload.ToArray());
    }
}

/// <summary>Sets a one-shot timer <c>payload</c> ms ahead; on firing emits the due time (Unix ms) to its output stream.</summary>
public sealed class ReminderProcessor : KeyedProcessor<long, long>
{
    public override void Process(ReadOnlySpan<byte> payload, ref KeyContext<long, long> context)
    {
        var delay = long.Parse(System.Text.Encoding.UTF8.GetString(payload), System.Globalization.CultureInfo.InvariantCulture);
        context.SetTimer("remind", context.Now.AddMilliseconds(delay));
    }

    public override void OnTimer(ProcessorTimer timer, ref KeyContext<long, long> context)
    {
        context.State++;
        context.Emit(timer.Due.ToUnixTimeMilliseconds());
    }
}
