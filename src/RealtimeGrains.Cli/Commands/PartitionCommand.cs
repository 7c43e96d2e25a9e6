using System.CommandLine;
using System.Globalization;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg partition</c>: the bucket and partition of keys.</summary>
internal static class PartitionCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var stream = StreamOptions.Stream();
        var keys = new Argument<string[]>("KEY") { Description = "Keys to locate", Arity = ArgumentArity.OneOrMore };
        var command = new Command("partition", "Print the bucket and partition of each key") { stream, keys };
        command.SetAction((parse, ct) => RtgApp.WithClusterAsync(parse, output, error, async context =>
        {
            var placements = await new StreamQueries(context.Client).LocateAsync(parse.GetValue(stream)!, parse.GetValue(keys)!);
            if (context.Json)
            {
                JsonOutput.Write(context.Out, new { stream = parse.GetValue(stream), keys = placements });
                return RtgApp.ExitOk;
            }

            TableWriter.Write(context.Out, ["KEY", "BUCKET", "PARTITION"], placements.Select(p => (IReadOnlyList<string>)
                [p.Key, p.Bucket < 0 ? "-" : p.Bucket.ToString(CultureInfo.InvariantCulture), p.Partition.ToString(CultureInfo.InvariantCulture)]));
            return RtgApp.ExitOk;
        }, ct));
        return command;
    }
}
