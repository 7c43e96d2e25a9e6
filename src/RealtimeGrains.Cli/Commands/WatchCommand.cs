using System.CommandLine;
using System.Globalization;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Cli.Commands;

/// <summary><c>rtg watch</c>: a stream's retained outputs, then new ones as they come, until N are printed or Ctrl-C.</summary>
internal static class WatchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var stream = StreamOptions.Stream();
        var key = StreamOptions.Key(required: false);
        key.Description = "Follow this key only (default: every key)";
        var from = new Option<long?>("--from") { Description = "Start at this sequence, inclusive, of each key followed (default: everything retained)" };
        var count = new Option<int?>("--count", "-n") { Description = "Stop after printing this many outputs (default: follow until Ctrl-C)" };
        from.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() < 0)
            {
                r.AddError($"--from {r.GetValueOrDefault<long?>()}: sequences start at 1 (0 or 1: everything retained)");
            }
        });
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() < 1)
            {
                r.AddError($"--count {r.GetValueOrDefault<int?>()}: print at least 1 output");
            }
        });
        var command = new Command("watch", "Print a stream's retained outputs, then follow new ones (one line each; --json: one JSON object per line)")
        {
            stream, key, from, count,
        };
        command.SetAction((parse, ct) => RtgApp.WithClusterAsync(
            parse, output, error,
            c => WatchAsync(c, error, new WatchRequest(parse.GetValue(stream)!, parse.GetValue(key), parse.GetValue(from), parse.GetValue(count)), ct),
            ct));
        return command;
    }

    public static async Task<int> WatchAsync(CommandContext context, TextWriter error, WatchRequest request, CancellationToken cancellationToken)
    {
        var feed = await new OutputSubscriber(context.Client).OpenAsync(request.Stream, request.Key, request.From ?? 0, cancellationToken: cancellationToken);
        await using (feed)
        {
            var printed = 0;
            try
            {
                await foreach (var output in feed.ReadAllAsync(cancellationToken))
                {
                    await context.Out.WriteLineAsync(context.Json ? StreamOutputFormat.JsonLine(output) : StreamOutputFormat.Line(output));
                    await context.Out.FlushAsync(cancellationToken);
                    if (++printed == request.Count)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C is how a watch without --count ends.
            }

            if (feed.Missed > 0)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"rtg watch: {feed.Missed} outputs were no longer retained when read and were skipped"));
            }
        }

        return RtgApp.ExitOk;
    }
}

/// <summary>What <c>rtg watch</c> was asked for.</summary>
internal sealed record WatchRequest(string Stream, string? Key = null, long? From = null, int? Count = null);
