using System.CommandLine;
using System.Globalization;
using RealtimeGrains.Cli.Demo;
using RealtimeGrains.Cli.Output;
using RealtimeGrains.Client.Hosting;

namespace RealtimeGrains.Cli.Commands;

/// <summary>
/// <c>rtg demo</c>: the first run. Starts two silos in this process (or uses a running cluster given with <c>--gateway</c> or
/// <c>--config</c>) and shows events, windowed metrics, scheduling policies, placement and spoken commands live, then a summary.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var duration = new Option<int>("--duration") { Description = "Seconds of load before the run drains and checks", DefaultValueFactory = _ => 30 };
        duration.Validators.Add(r =>
        {
            if (Given(r) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds is < 5 or > 3600)
            {
                r.AddError($"--duration {text}: run 5-3600 seconds");
            }
        });
        var corrupt = new Option<double>("--corrupt-rate") { Description = "Fraction of event batch sends given a flipped bit (0-0.5)", DefaultValueFactory = _ => 0.01 };
        corrupt.Validators.Add(r =>
        {
            if (Given(r) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) && fraction is not (>= 0 and <= 0.5))
            {
                r.AddError($"--corrupt-rate {text}: give a fraction 0-0.5");
            }
        });
        var kill = new Option<bool>("--kill-silo") { Description = "Kill one of the two embedded silos partway (no graceful stop) and show that nothing is lost" };
        var keep = new Option<bool>("--keep-running") { Description = "Keep the embedded cluster up after the summary, to explore (Ctrl+C stops it)" };
        var command = new Command("demo", "Start a 2-silo cluster in this process and show events, windowed metrics, scheduling, placement and speech live, then a summary")
        {
            duration, corrupt, kill, keep,
        };
        command.SetAction((parse, ct) => RtgApp.RunMappingErrorsAsync(
            async () =>
            {
                var json = parse.GetValue(GlobalOptions.Json);
                var settings = new DemoSettings(TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(kill), parse.GetValue(keep), parse.GetValue(corrupt), json);
                IDemoView view = json ? new PlainView(error)
                    : ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? new LiveView(output) : new PlainView(output);
                if (parse.GetResult(GlobalOptions.Gateway) is { Implicit: false } || parse.GetValue(GlobalOptions.Config) is not null)
                {
                    if (settings.KillSilo || settings.KeepRunning)
                    {
                        throw new CliUsageException("--kill-silo and --keep-running act on the demo's own cluster; leave out --gateway and --config to start it");
                    }

                    return await RtgApp.WithClusterAsync(parse, output, error, c => ReportAsync(c.Client, settings, null, view, output, ct), ct);
                }

                view.Note("rtg demo: starting 2 silos in this process (127.0.0.1, free ports) ...");
                await using var cluster = await DemoCluster.StartAsync(ct);
                await using var connection = await RealtimeGrainsConnection.ConnectAsync(cluster.Configure, cancellationToken: ct);
                var exit = await ReportAsync(connection.Client, settings, cluster, view, output, ct);
                if (settings.KeepRunning)
                {
                    await KeepRunningAsync(cluster, view, ct);
                }

                return exit;
            },
            error,
            ct));
        return command;
    }

    /// <summary>The value given on the command line; null for the default (a value that does not parse is System.CommandLine's error).</summary>
    private static string? Given(System.CommandLine.Parsing.OptionResult result) => result.Implicit || result.Tokens.Count == 0 ? null : result.Tokens[^1].Value;

    private static async Task<int> ReportAsync(IClusterClient client, DemoSettings settings, DemoCluster? cluster, IDemoView view, TextWriter output, CancellationToken cancellationToken)
    {
        var summary = await DemoRun.RunAsync(client, settings, cluster, view, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(output, summary);
        }
        else
        {
            view.Summary(summary);
        }

        return summary.NothingLost ? RtgApp.ExitOk : RtgApp.ExitFailure;
    }

    private static async Task KeepRunningAsync(DemoCluster cluster, IDemoView view, CancellationToken cancellationToken)
    {
        var live = cluster.Silos.Where(s => !s.Killed).ToList();
        view.Note($"The cluster keeps running: dashboard {cluster.DashboardUrl}; try `rtg --gateway 127.0.0.1:{live[0].GatewayPort} cluster`. Ctrl+C stops it.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            view.Note("rtg demo: stopping the cluster");
        }
    }
}
