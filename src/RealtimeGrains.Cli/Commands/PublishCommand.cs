using System.CommandLine;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg publish</c>: one event, waited for until acknowledged.</summary>
internal static class PublishCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var stream = StreamOptions.Stream();
        var key = StreamOptions.Key();
        var data = new Option<string>("--data", "-d") { Description = "Payload text (UTF-8)", DefaultValueFactory = _ => "" };
        var command = new Command("publish", "Publish one event and wait for its acknowledgement") { stream, key, data };
        command.SetAction((parse, ct) => RtgApp.WithClusterAsync(parse, output, error, async context =>
        {
            var producer = new StreamProducer(context.Client);
            await using (producer)
            {
                await producer.PublishAsync(parse.GetValue(stream)!, parse.GetValue(key)!, parse.GetValue(data)!, ct);
                await producer.FlushAsync(ct);
            }

            var result = new { stream = parse.GetValue(stream), key = parse.GetValue(key), acked = producer.Statistics.EventsAcked };
            if (context.Json)
            {
                JsonOutput.Write(context.Out, result);
            }
            else
            {
                await context.Out.WriteLineAsync($"acknowledged: {result.stream} / {result.key}");
            }

            return RtgApp.ExitOk;
        }, ct));
        return command;
    }
}
