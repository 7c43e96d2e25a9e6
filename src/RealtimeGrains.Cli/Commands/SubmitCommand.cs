using System.CommandLine;
using System.Text;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg submit --queue Q --handler H [--payload TEXT] [--priority P] [--cost MS] [--request-id ID] [--wait]</c>.</summary>
internal static class SubmitCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var queue = new Option<string>("--queue") { Description = "Queue name", Required = true };
        var handler = new Option<string>("--handler") { Description = "Handler name (sleep, spin, echo, crc32 or your own)", Required = true };
        var payload = new Option<string>("--payload") { Description = "Payload text (UTF-8); sleep and spin take milliseconds", DefaultValueFactory = _ => "" };
        var priority = new Option<int>("--priority") { Description = "Larger runs first under the priority policy" };
        var cost = new Option<double?>("--cost") { Description = "Expected run time in ms (SJF); omit to use the learned estimate" };
        var requestId = new Option<string?>("--request-id") { Description = "Idempotency key: submitting the same key again prints the same task id (default: a new one)" };
        var wait = new Option<bool>("--wait") { Description = "Wait until the task has completed or failed" };
        var command = new Command("submit", "Submit a task to a queue; prints its id") { queue, handler, payload, priority, cost, requestId, wait };
        command.SetAction((parse, ct) => RtgApp.WithClusterAsync(parse, output, error, c => SubmitAsync(
            c,
            parse.GetRequiredValue(queue),
            new TaskSpec
            {
                Handler = parse.GetRequiredValue(handler),
                Payload = Encoding.UTF8.GetBytes(parse.GetValue(payload) ?? ""),
                Priority = parse.GetValue(priority),
                EstimatedCostMs = parse.GetValue(cost),
                RequestId = parse.GetValue(requestId),
            },
            parse.GetValue(wait),
            ct), ct));
        return command;
    }

    /// <returns>0 when submitted (or, with <paramref name="wait"/>, completed); 1 when the waited-for task failed.</returns>
    public static async Task<int> SubmitAsync(CommandContext context, string queue, TaskSpec spec, bool wait, CancellationToken cancellationToken = default)
    {
        var tasks = new TaskClient(context.Client, TimeProvider.System);
        var id = await tasks.SubmitAsync(queue, spec);
        if (!wait)
        {
            if (context.Json)
            {
                JsonOutput.Write(context.Out, new { id });
            }
            else
            {
                context.Out.WriteLine(id);
            }

            return RtgApp.ExitOk;
        }

        var info = await tasks.WaitForCompletionAsync(id, cancellationToken);
        TaskCommand.WriteTask(context, info);
        return info.Status == TaskState.Completed ? RtgApp.ExitOk : RtgApp.ExitFailure;
    }
}
