using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Silo.Hosting;
using RealtimeGrains.Storage;

namespace RealtimeGrains.Cli.Demo;

/// <summary>
/// Two silos in this process, each built by the silo host (<see cref="SiloHost.Build"/>) from the embedded default
/// configuration with its own free 127.0.0.1 ports (silo, gateway, HTTP with dashboard and <c>/metrics</c>), localhost
/// clustering with the first silo as primary, and failure detection tuned as <c>cluster-redis.json</c> tunes it. Their
/// state lives in one <see cref="InProcessStore"/> outside both, as it would in Redis, so the second silo can be killed
/// without losing what it had written.
/// </summary>
internal sealed class DemoCluster : IAsyncDisposable
{
    private readonly List<DemoSilo> _silos;

    private DemoCluster(List<DemoSilo> silos) => _silos = silos;

    public IReadOnlyList<DemoSilo> Silos => _silos;

    public string DashboardUrl => $"{_silos[0].HttpUrl}/dashboard/";

    /// <summary>The silo <c>--kill-silo</c> stops: not the primary, which holds localhost clustering's membership table.</summary>
    public DemoSilo Victim => _silos[1];

    public static async Task<DemoCluster> StartAsync(CancellationToken cancellationToken)
    {
        var store = new InProcessStore();
        var ports = FreePorts.Take(6);
        var silos = new List<DemoSilo>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var silo = Build(store, i, ports[i * 3], ports[i * 3 + 1], ports[i * 3 + 2], primaryPort: ports[0]);
                silos.Add(silo);
                await silo.App.StartAsync(cancellationToken);
            }
        }
        catch
        {
            await new DemoCluster(silos).DisposeAsync();
            throw;
        }

        return new DemoCluster(silos);
    }

    /// <summary>Client options that reach both gateways of this cluster.</summary>
    public void Configure(RealtimeGrainsClientOptions options)
    {
        options.ClusterId = _silos[0].ClusterId;
        options.RedisConnectionString = "";
        options.Gateways.Clear();
        foreach (var silo in _silos)
        {
            options.Gateways.Add($"127.0.0.1:{silo.GatewayPort.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>
    /// Stops <paramref name="silo"/> as Orleans' test cluster kills one: the host is stopped with a token that is already
    /// cancelled, so nothing is deactivated, checkpointed or handed over; its connections drop and its grains' memory is gone.
    /// </summary>
    public static async Task KillAsync(DemoSilo silo)
    {
        silo.Killed = true;
        await silo.App.StopAsync(new CancellationToken(canceled: true));
        await silo.App.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // The primary last: the others leave through its membership table.
        foreach (var silo in Enumerable.Reverse(_silos).Where(s => !s.Killed))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await silo.App.StopAsync(timeout.Token);
            await silo.App.DisposeAsync();
        }
    }

    private static DemoSilo Build(InProcessStore store, int index, int siloPort, int gatewayPort, int httpPort, int primaryPort)
    {
        var name = $"demo-silo-{index + 1}";
        var httpUrl = $"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}";
        var config = SiloConfiguration.Load([], new Dictionary<string, string?>
        {
            ["RealtimeGrains:Silo:SiloName"] = name,
            ["RealtimeGrains:Silo:Clustering"] = "localhost",
            ["RealtimeGrains:Silo:PrimarySiloEndpoint"] = $"127.0.0.1:{primaryPort.ToString(CultureInfo.InvariantCulture)}",
            ["RealtimeGrains:Silo:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["RealtimeGrains:Silo:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["RealtimeGrains:Silo:HttpUrl"] = httpUrl,
            ["RealtimeGrains:Storage:Provider"] = "memory",
            ["RealtimeGrains:Membership:ProbeTimeoutMs"] = "1000",
            ["RealtimeGrains:Membership:NumMissedProbesLimit"] = "2",
            ["RealtimeGrains:Membership:TableRefreshTimeoutMs"] = "2000",
            ["RealtimeGrains:Membership:IAmAliveTablePublishTimeoutMs"] = "5000",
            ["RealtimeGrains:Membership:DeathVoteExpirationTimeoutMs"] = "10000",
            ["RealtimeGrains:Scheduler:LeaseGraceMs"] = "1000",
        });
        if (config.Errors.Count > 0)
        {
            throw new InvalidOperationException("demo silo configuration: " + string.Join("; ", config.Errors));
        }

        var app = SiloHost.Build(config, silo =>
        {
            silo.UseInProcessStore(store);
            // The demo's screen is its own: silo logs would scroll through the live view.
            silo.Services.AddLogging(logging => logging.ClearProviders());
        });
        return new DemoSilo(name, app, config.Host.ClusterId, gatewayPort, httpUrl);
    }
}

/// <summary>One silo of the demo's cluster.</summary>
internal sealed class DemoSilo(string name, WebApplication app, string clusterId, int gatewayPort, string httpUrl)
{
    public string Name { get; } = name;

    public WebApplication App { get; } = app;

    public string ClusterId { get; } = clusterId;

    public int GatewayPort { get; } = gatewayPort;

    public string HttpUrl { get; } = httpUrl;

    public bool Killed { get; set; }
}
