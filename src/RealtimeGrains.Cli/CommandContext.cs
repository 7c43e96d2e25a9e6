using System.CommandLine;
using RealtimeGrains.Client.Hosting;

namespace RealtimeGrains.Cli;

/// <summary>What a command's action gets: the connected client and where to write.</summary>
internal sealed class CommandContext(IClusterClient client, IServiceProvider services, TextWriter output, bool json)
{
    public IClusterClient Client { get; } = client;

    public IServiceProvider Services { get; } = services;

    public TextWriter Out { get; } = output;

    public bool Json { get; } = json;

    /// <summary>
    /// Builds client options from the silo's configuration layers (<c>silo-config/appsettings.json</c>, the
    /// <c>--config</c> overlay, environment variables), then an explicit <c>--gateway</c>, which wins.
    /// </summary>
    public static Action<RealtimeGrainsClientOptions> ClientOptions(ParseResult parse) => options =>
    {
        options.ConnectAttempts = 3;
        options.ConnectRetryDelay = TimeSpan.FromMilliseconds(200);
        var config = parse.GetValue(GlobalOptions.Config);
        options.ApplySiloConfigurationFiles(config is null ? [] : [config]);
        if (parse.GetResult(GlobalOptions.Gateway) is { Implicit: false })
        {
            options.RedisConnectionString = "";
            options.Gateways.Clear();
            foreach (var gateway in parse.GetValue(GlobalOptions.Gateway) ?? [])
            {
                options.Gateways.Add(gateway);
            }
        }
    };
}
