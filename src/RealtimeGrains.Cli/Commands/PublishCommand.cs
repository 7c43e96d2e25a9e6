using System.CommandLine;
using System.Runtime.CompilerServices;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg publish</c>: one event (<c>--data</c>) or one per line of standard input (<c>--stdin</c>), waited for until acknowledged.</summary>
internal static class PublishCommand
{
    public static Command Create(TextReader input, TextWriter output, TextWriter error)
    {
        var stream = StreamOptions.Stream();
        var key = StreamOptions.Key();
        var data = new Option<string>("--data", "-d") { Description = "Payload text (UTF-8)", DefaultValueFactory = _ => "" };
        var stdin = new Option<bool>("--stdin") { Description = "Publish one event per line of standard input (UTF-8 text, raw)" };
        var command = new Command("publish", "Publish events and wait for their acknowledgement") { stream, key, data, stdin };
        command.Validators.Add(result =>
        {
            if (result.GetValue(stdin) && result.GetResult(data) is { Implicit: false })
            {
                result.AddError("--data and --stdin exclude each other: the payloads come from one of them");
            }
        });
        command.SetAction((parse, ct) =>
        {
            var payloads = parse.GetValue(stdin) ? Lines(input, ct) : new[] { parse.GetValue(data)! }.ToAsyncEnumerable();
            return RtgApp.WithClusterAsync(parse, output, error, c => PublishAsync(c, parse.GetValue(stream)!, parse.GetValue(key)!, payloads, ct), ct);
        });
        return command;
    }

    public static async Task<int> PublishAsync(CommandContext context, string stream, string key, IAsyncEnumerable<string> payloads, CancellationToken cancellationToken)
    {
        // One batch in flight per partition: batches sent side by side can be applied in either order, and lines are
        // published in the order they were written.
        var producer = new StreamProducer(context.Client, new ProducerOptions { MaxInFlightPerPartition = 1 });
        long published = 0;
        await using (producer)
        {
            await foreach (var payload in payloads.WithCancellation(cancellationToken))
            {
                await producer.PublishAsync(stream, key, payload, cancellationToken);
                published++;
            }

            await producer.FlushAsync(cancellationToken);
        }

        var acked = producer.Statistics.EventsAcked;
        if (context.Json)
        {
            JsonOutput.Write(context.Out, new { stream, key, published, acked });
        }
        else
        {
            await context.Out.WriteLineAsync(published == 1 && acked == 1 ? $"acknowledged: {stream} / {key}" : $"acknowledged: {acked} of {published} events to {stream} / {key}");
        }

        return acked == published ? RtgApp.ExitOk : RtgApp.ExitFailure;
    }

    /// <summary>The lines of <paramref name="input"/>, read as they are asked for.</summary>
    internal static async IAsyncEnumerable<string> Lines(TextReader input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            yield return line;
        }
    }
}
