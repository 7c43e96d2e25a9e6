using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Hosting;
using RealtimeGrains.Security;
using StackExchange.Redis;

namespace RealtimeGrains.Benchmarks.Infrastructure;

/// <summary>
/// In-process silos on real loopback ports (wired with the same <c>AddRealtimeGrains()</c> as the host)
/// and a client that connects through the TCP gateway, as an app would.
/// </summary>
internal sealed class BenchmarkCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos = [];
    private RealtimeGrainsConnection? _connection;

    public IClusterClient Client => _connection?.Client ?? throw new InvalidOperationException("not started");

    public IReadOnlyList<IHost> Silos => _silos;

    /// <summary>
    /// Starts <paramref name="silos"/> silos with localhost clustering, or with Orleans' Redis membership at
    /// <paramref name="redisClustering"/> (a StackExchange.Redis connection string) as a multi-machine cluster has;
    /// with <paramref name="tls"/>, silos and client use mutual TLS (the same certificate for all, as in a dev cluster).
    /// </summary>
    public static async Task<BenchmarkCluster> StartAsync(
        IReadOnlyDictionary<string, string?> settings, int silos = 1, Action<int, ISiloBuilder>? configure = null, string? redisClustering = null,
        ClusterTlsOptions? tls = null)
    {
        var certificates = tls is null ? null : ClusterCertificates.Load(tls);
        var cluster = new BenchmarkCluster();
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var primary = FreePort();
        var gateways = new List<string>();
        for (var i = 0; i < silos; i++)
        {
            var siloPort = i == 0 ? primary : FreePort();
            var gatewayPort = FreePort();
            gateways.Add($"127.0.0.1:{gatewayPort}");
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            var index = i;
            builder.UseOrleans(silo =>
            {
                if (redisClustering is null)
                {
                    silo.UseLocalhostClustering(siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, primary), "bench", clusterId);
                }
                else
                {
                    silo.UseRedisClustering(r => r.ConfigurationOptions = ConfigurationOptions.Parse(redisClustering));
                    silo.Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (clusterId, "bench"));
                    silo.Configure<EndpointOptions>(e => (e.AdvertisedIPAddress, e.SiloPort, e.GatewayPort) = (IPAddress.Loopback, siloPort, gatewayPort));
                }

                silo.AddRealtimeGrains();
                if (certificates is not null)
                {
                    silo.UseClusterTls(certificates);
                }

                configure?.Invoke(index, silo);
            });
            var host = builder.Build();
            await host.StartAsync();
            cluster._silos.Add(host);
        }

        cluster._connection = await RealtimeGrainsConnection.ConnectAsync(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = "bench";
            if (tls is not null)
            {
                (o.Tls.CertificateFile, o.Tls.KeyFile, o.Tls.Password, o.Tls.CaFile) = (tls.CertificateFile, tls.KeyFile, tls.Password, tls.CaFile);
            }

            o.Gateways.Clear();
            foreach (var gateway in gateways)
            {
                o.Gateways.Add(gateway);
            }
        });
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.StopAsync(TimeSpan.FromSeconds(10));
            silo.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
