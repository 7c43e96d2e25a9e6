using System.CommandLine;
using Microsoft.Extensions.Options;
using RealtimeGrains.Cli.Commands;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Cli;

/// <summary>The <c>rtg</c> command tree and its error handling: one line on stderr, never a stack trace.</summary>
internal static class RtgApp
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsageOrUnreachable = 2;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => RunAsync(args, Console.In, output, error);

    /// <summary>Runs <c>rtg</c> with <paramref name="input"/> as standard input (<c>rtg publish --stdin</c> reads it).</summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("rtg: command-line client of a RealtimeGrains cluster");
        root.Options.Add(GlobalOptions.Gateway);
        root.Options.Add(GlobalOptions.Config);
        root.Options.Add(GlobalOptions.Json);
        root.Subcommands.Add(ClusterCommand.Create(output, error));
        root.Subcommands.Add(PublishCommand.Create(input, output, error));
        root.Subcommands.Add(LoadCommand.Create(output, error));
        root.Subcommands.Add(QueryCommand.Create(output, error));
        root.Subcommands.Add(WatchCommand.Create(output, error));
        root.Subcommands.Add(StatsCommand.Create(output, error));
        root.Subcommands.Add(PartitionCommand.Create(output, error));
        root.Subcommands.Add(QueueCommand.Create(output, error));
        root.Subcommands.Add(SubmitCommand.Create(output, error));
        root.Subcommands.Add(TaskCommand.Create(output, error));
        root.Subcommands.Add(SpeechCommand.Create(output, error));
        root.Subcommands.Add(DemoCommand.Create(output, error));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"rtg: {parseError.Message}");
            }

            return ExitUsageOrUnreachable;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    /// <summary>Connects, runs <paramref name="action"/>, and maps failures to one line and an exit code.</summary>
    public static async Task<int> WithClusterAsync(ParseResult parse, TextWriter output, TextWriter error, Func<CommandContext, Task<int>> action, CancellationToken cancellationToken)
    {
        return await RunMappingErrorsAsync(
            async () =>
            {
                await using var connection = await RealtimeGrainsConnection.ConnectAsync(CommandContext.ClientOptions(parse), cancellationToken: cancellationToken);
                return await action(new CommandContext(connection.Client, connection.Services, output, parse.GetValue(GlobalOptions.Json)));
            },
            error,
            cancellationToken);
    }

    /// <summary>Runs <paramref name="action"/>; bad input and an unreachable cluster print one line and exit 2, anything else exits 1.</summary>
    public static async Task<int> RunMappingErrorsAsync(Func<Task<int>> action, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await action();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("rtg: cancelled");
            return ExitFailure;
        }
        catch (Exception ex) when (ex is ClusterUnreachableException or CliUsageException or ArgumentException or OptionsValidationException
            or UnknownStreamException or InvalidEventException || IsBadInput(ex))
        {
            await error.WriteLineAsync($"rtg: {ex.Message}");
            return ExitUsageOrUnreachable;
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"rtg: {ex.GetType().Name}: {ex.GetBaseException().Message}");
            return ExitFailure;
        }
    }

    private static bool IsBadInput(Exception ex) => ex is QueueFullException or UnknownHandlerException or UnknownPolicyException
        or InvalidTaskException or InvalidQueueSettingsException or UnknownTaskException;
}
