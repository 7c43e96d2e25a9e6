using System.CommandLine;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg task show ID</c> and <c>rtg task list --queue Q</c>.</summary>
internal static class TaskCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("id") { Description = "Task id (queue:number)" };
        var show = new Command("show", "One task: status, times, attempts, result or error") { id };
        show.SetAction((parse, ct) => RtgApp.WithClusterAsync(parse, output, error, c => ShowAsync(c, parse.GetRequiredValue(id)), ct));

        var queue = new Option<string>("--queue") { Description = "Queue name", Required = true };
        var list = new Command("list", "A queue's tasks ordered by start (not yet started last)") { queue };
        list.SetAction((parse, ct) => RtgApp.WithClusterAsync(parse, output, error, c => ListAsync(c, parse.GetRequiredValue(queue)), ct));

        return new Command("task", "Inspect tasks") { show, list };
    }

    public static async Task<int> ShowAsync(CommandContext context, string id)
    {
        WriteTask(context, await new TaskClient(context.Client, TimeProvider.System).GetTaskAsync(id));
        return RtgApp.ExitOk;
    }

    public static async Task<int> ListAsync(CommandContext context, string queue)
    {
        var tasks = await new TaskClient(context.Client, TimeProvider.System).ListTasksAsync(queue);
        if (context.Json)
        {
            JsonOutput.Write(context.Out, new { queue, tasks });
            return RtgApp.ExitOk;
        }

        TableWriter.Write(context.Out, TaskFormat.TaskHeader, tasks.Select(TaskFormat.TaskRow));
        return RtgApp.ExitOk;
    }

    public static void WriteTask(CommandContext context, TaskInfo info)
    {
        if (context.Json)
        {
            JsonOutput.Write(context.Out, info);
            return;
        }

        TableWriter.Write(context.Out, TaskFormat.TaskHeader, [TaskFormat.TaskRow(info)]);
        context.Out.WriteLine(
            info.OutcomeExpired ? "result: expired (outcomes are kept for RealtimeGrains:Storage:TaskResultRetentionMinutes; memory storage keeps the latest MemoryTaskResultLimit)"
            : info.Status == TaskState.Failed || info.Error is not null ? $"error: {info.Error}"
            : $"result: {TaskFormat.Result(info.Result)}");
    }
}
