using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RealtimeGrains.Client.Hosting;

/// <summary>
/// A started Orleans client for apps that do not have a host of their own (tools, scripts, the
/// <c>rtg</c> CLI). Apps with a generic host call <c>UseOrleansClient(c =&gt; c.AddRealtimeGrainsClient(...))</c>.
/// </summary>
public sealed class RealtimeGrainsConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private RealtimeGrainsConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The connected cluster client.</summary>
    public IClusterClient Client { get; }

    /// <summary>Services of the client host (producer, options, ...).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Connects, or throws <see cref="ClusterUnreachableException"/> after the bounded retries.</summary>
    public static async Task<RealtimeGrainsConnection> ConnectAsync(
        Action<RealtimeGrainsClientOptions> configure,
        Action<IClientBuilder>? configureClient = null,
        CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.AddRealtimeGrainsClient(configure);
            configureClient?.Invoke(client);
        });
        var host = builder.Build();
        var started = Stopwatch.StartNew();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OptionsValidationException)
        {
            host.Dispose();
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var options = host.Services.GetRequiredService<IOptions<RealtimeGrainsClientOptions>>().Value;
            host.Dispose();
            throw new ClusterUnreachableException(
                $"no silo answered {options.DescribeTarget()} " +
                $"(cluster '{options.ClusterId}', {options.ConnectAttempts} attempts over {started.Elapsed.TotalSeconds:0.0} s); {Hint(options, ex)}",
                ex);
        }

        return new RealtimeGrainsConnection(host);
    }

    private static string Hint(RealtimeGrainsClientOptions options, Exception ex)
    {
        var refused = false;
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is StackExchange.Redis.RedisConnectionException { FailureType: StackExchange.Redis.ConnectionFailureType.AuthenticationFailure })
            {
                return "Redis refused the password or client certificate (RealtimeGrains:Redis:ConnectionString, CertificateFile)";
            }

            if (inner is StackExchange.Redis.RedisConnectionException)
            {
                return "Redis did not answer there (is it running, and is RealtimeGrains:Redis:ConnectionString right?)";
            }

            refused |= inner is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };
        }

        if (!string.IsNullOrWhiteSpace(options.RedisConnectionString))
        {
            return "is a silo of this cluster running and registered in that Redis?";
        }

        // A gateway that takes the connection and drops it is, almost always, a TLS mismatch.
        return refused ? "is a silo running there?"
            : options.Tls.Enabled ? "a gateway took the connection and closed it: TLS failed (does the silos' RealtimeGrains:Tls:CaFile issue this client's certificate, and the client's CaFile the silos'?)"
            : "a gateway took the connection and closed it: does the cluster use TLS? Then give this client RealtimeGrains:Tls (a certificate the cluster's CA issued, and that CA)";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
