using System.CommandLine;
using System.Globalization;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg query</c>: the state of one key.</summary>
internal static class QueryCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var stream = StreamOptions.Stream();
        var key = StreamOptions.Key();
        var command = new Command("query", "Show the state of one key") { stream, key };
        command.SetAction((parse, ct) => RtgApp.WithClusterAsync(parse, output, error, async context =>
        {
            var state = await new StreamQueries(context.Client).GetKeyAsync(parse.GetValue(stream)!, parse.GetValue(key)!);
            if (context.Json)
            {
                JsonOutput.Write(context.Out, new { stream = parse.GetValue(stream), key = parse.GetValue(key), found = state is not null, state });
                return RtgApp.ExitOk;
            }

            if (state is null)
            {
                await context.Out.WriteLineAsync($"{parse.GetValue(stream)} / {parse.GetValue(key)}: no events");
                return RtgApp.ExitOk;
            }

            TableWriter.Write(context.Out, ["STREAM", "KEY", "PARTITION", "PROCESSOR", "STATE"],
                [[state.Stream, state.Key, state.Partition.ToString(CultureInfo.InvariantCulture), state.Processor, state.Json]]);
            return RtgApp.ExitOk;
        }, ct));
        return command;
    }
}
