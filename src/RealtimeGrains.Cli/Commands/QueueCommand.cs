using System.CommandLine;
using System.Globalization;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg queue create|set|pause|resume|status Q</c>.</summary>
internal static class QueueCommand
{

    public static Command Create(TextWriter output, TextWriter error)
    {
        var queue = new Command("queue", "Create, change, pause, resume and inspect task queues");
        queue.Subcommands.Add(Settings("create", "Create a queue (or change an existing one's settings)", output, error));
        queue.Subcommands.Add(Settings("set", "Change a queue's settings while it runs", output, error));
        queue.Subcommands.Add(Simple("pause", "Stop starting tasks (submits are still accepted)", output, error, (c, q) => PauseAsync(c, q, true)));
        queue.Subcommands.Add(Simple("resume", "Start tasks again", output, error, (c, q) => PauseAsync(c, q, false)));
        queue.Subcommands.Add(Simple("status", "Settings, counts, oldest wait and SJF estimates", output, error, StatusAsync));
        return queue;
    }

    public static async Task<int> ConfigureAsync(CommandContext context, string queue, QueueSettingsChange change)
    {
        var settings = await new TaskClient(context.Client, TimeProvider.System).SetQueueAsync(queue, change);
        WriteSettings(context, queue, settings);
        return RtgApp.ExitOk;
    }

    public static async Task<int> PauseAsync(CommandContext context, string queue, bool paused) =>
        await ConfigureAsync(context, queue, new QueueSettingsChange { Paused = paused });

    public static async Task<int> StatusAsync(CommandContext context, string queue)
    {
        var status = await new TaskClient(context.Client, TimeProvider.System).GetStatusAsync(queue);
        if (context.Json)
        {
            JsonOutput.Write(context.Out, status);
            return RtgApp.ExitOk;
        }

        WriteSettings(context, queue, status.Settings);
        var counts = string.Create(CultureInfo.InvariantCulture,
            $"pending {status.Pending}  running {status.Running}  completed {status.Completed}  failed {status.Failed}  retried {status.Retried}");
        context.Out.WriteLine(counts);
        context.Out.WriteLine($"oldest pending wait {TaskFormat.Ms(status.OldestPendingWaitMs)}");
        TableWriter.Write(
            context.Out,
            ["HANDLER", "SJF ESTIMATE"],
            [.. status.SjfEstimatesMs.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (IReadOnlyList<string>)[e.Key, TaskFormat.Ms(e.Value)]),
             ["(never run)", TaskFormat.Ms(status.SjfPriorMs)]]);
        return RtgApp.ExitOk;
    }

    private static void WriteSettings(CommandContext context, string queue, QueueSettings settings)
    {
        if (context.Json)
        {
            JsonOutput.Write(context.Out, new { queue, settings });
            return;
        }

        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"queue {queue}: policy {settings.Policy}, concurrency {settings.Concurrency}, max length {settings.MaxLength}, aging {settings.AgingPerSecond}/s, {(settings.Paused ? "paused" : "running")}"));
    }

    private static Command Settings(string name, string description, TextWriter output, TextWriter error)
    {
        var queue = QueueArgument();
        var policy = new Option<string?>("--policy") { Description = "fcfs, sjf or priority" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Most tasks running at once, cluster-wide" };
        var maxLength = new Option<int?>("--max-length") { Description = "Most pending tasks; more are rejected (queue full)" };
        var aging = new Option<double?>("--aging") { Description = "priority: points a waiting task gains per second (0 = strict)" };
        var command = new Command(name, description) { queue, policy, concurrency, maxLength, aging };
        command.SetAction((parse, ct) => RtgApp.WithClusterAsync(parse, output, error, c => ConfigureAsync(c, parse.GetRequiredValue(queue), new QueueSettingsChange
        {
            Policy = parse.GetValue(policy),
            Concurrency = parse.GetValue(concurrency),
            MaxLength = parse.GetValue(maxLength),
            AgingPerSecond = parse.GetValue(aging),
        }), ct));
        return command;
    }

    private static Command Simple(string name, string description, TextWriter output, TextWriter error, Func<CommandContext, string, Task<int>> action)
    {
        var queue = QueueArgument();
        var command = new Command(name, description) { queue };
        command.SetAction((parse, ct) => RtgApp.WithClusterAsync(parse, output, error, c => action(c, parse.GetRequiredValue(queue)), ct));
        return command;
    }

    private static Argument<string> QueueArgument() => new("queue") { Description = "Queue name" };
}
