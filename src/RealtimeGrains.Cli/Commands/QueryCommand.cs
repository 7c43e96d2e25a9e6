using System.CommandLine;
using System.Globalization;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg query</c>: the state of one key, rendered as JSON, with its timers, pending tasks and last output.</summary>
internal static class QueryCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var stream = StreamOptions.Stream();
        var key = StreamOptions.Key();
        var command = new Command("query", "Show the state of one key") { stream, key };
        command.SetAction((parse, ct) => RtgApp.WithClusterAsync(parse, output, error, c => QueryAsync(c, parse.GetValue(stream)!, parse.GetValue(key)!), ct));
        return command;
    }

    public static async Task<int> QueryAsync(CommandContext context, string stream, string key)
    {
        var view = await new StreamQueries(context.Client).GetKeyAsync(stream, key);
        if (context.Json)
        {
            JsonOutput.Write(context.Out, view is null
                ? new { stream, key, found = false }
                : (object)new
                {
                    stream,
                    key,
                    found = true,
                    partition = view.Partition,
                    processor = view.Processor,
                    state = StreamOutputFormat.Value(view.Json),
                    timers = view.Timers,
                    pendingTasks = view.PendingTasks,
                    lastOutput = view.LastOutput,
                });
            return RtgApp.ExitOk;
        }

        if (view is null)
        {
            await context.Out.WriteLineAsync($"{stream} / {key}: no state");
            return RtgApp.ExitOk;
        }

        TableWriter.Write(context.Out, ["STREAM", "KEY", "PARTITION", "PROCESSOR", "TIMERS", "PENDING TASKS", "LAST OUTPUT"],
        [[
            view.Stream, view.Key, N(view.Partition), view.Processor, N(view.Timers), N(view.PendingTasks),
            view.LastOutput == 0 ? "-" : N(view.LastOutput),
        ]]);
        await context.Out.WriteLineAsync("state:");
        JsonOutput.Write(context.Out, StreamOutputFormat.Value(view.Json));
        return RtgApp.ExitOk;
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
