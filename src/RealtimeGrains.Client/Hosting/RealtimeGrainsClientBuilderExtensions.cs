using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Clustering.Redis;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Hosting;
using RealtimeGrains.Security;
using RealtimeGrains.Client.Scheduling;

namespace RealtimeGrains.Client.Hosting;

/// <summary>The one registration entry point of the client side.</summary>
public static class RealtimeGrainsClientBuilderExtensions
{
    /// <summary>
    /// Connects an Orleans client to a RealtimeGrains cluster: gateways from Redis (when
    /// <see cref="RealtimeGrainsClientOptions.RedisConnectionString"/> is set) or a static list, cluster
    /// identity, bounded retry of the initial connection, retry of calls that fail because a silo is gone,
    /// and the end of batch sends in flight over a gateway that went away (<see cref="GatewayLoss"/>). No Redis and an empty gateway list leave clustering and cluster
    /// identity to the caller (another clustering provider, a test cluster).
    /// </summary>
    /// <remarks>
    /// The options are <c>IOptions&lt;RealtimeGrainsClientOptions&gt;</c>: <paramref name="configure"/> runs first and a
    /// later <c>services.Configure&lt;RealtimeGrainsClientOptions&gt;(...)</c> after it; they are validated when the client
    /// starts. Which kind of gateway discovery is used (Redis, a static list, the caller's) is chosen from what
    /// <paramref name="configure"/> sets, because each kind registers different services; its values are read when used.
    /// The same holds for TLS (<see cref="RealtimeGrainsClientOptions.Tls"/>): its certificate files are read here, once.
    /// </remarks>
    public static IClientBuilder AddRealtimeGrainsClient(this IClientBuilder builder, Action<RealtimeGrainsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<RealtimeGrainsClientOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddSingleton<IValidateOptions<RealtimeGrainsClientOptions>, RealtimeGrainsClientOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        var discovery = new RealtimeGrainsClientOptions();
        configure?.Invoke(discovery);
        if (discovery.RedisConnectionString.Length > 0)
        {
            builder.UseRedisClustering(_ => { });
            builder.Services.AddOptions<RedisClusteringOptions>().Configure<IOptions<RealtimeGrainsClientOptions>>((r, client) =>
                r.ConfigurationOptions = RedisConfiguration(client.Value));
            builder.Configure<GatewayOptions>(g => g.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        }
        else if (discovery.Gateways.Count > 0)
        {
            builder.UseStaticClustering(s => s.Configure<IOptions<RealtimeGrainsClientOptions>>((list, client) =>
                list.Gateways = [.. client.Value.ResolveGateways().Select(e => e.ToGatewayUri())]));
        }

        if (discovery.RedisConnectionString.Length > 0 || discovery.Gateways.Count > 0)
        {
            builder.Services.AddOptions<ClusterOptions>().Configure<IOptions<RealtimeGrainsClientOptions>>((c, client) =>
            {
                c.ClusterId = client.Value.ClusterId;
                c.ServiceId = client.Value.ServiceId;
            });
            builder.UseConnectionRetryFilter<BoundedConnectionRetry>();
        }

        if (discovery.Tls.Enabled)
        {
            builder.UseClusterTls(ClusterCertificates.Load(discovery.Tls));
        }

        builder.Services.AddOptions<ClientMessagingOptions>().Configure<IOptions<RealtimeGrainsClientOptions>>((m, client) => m.ResponseTimeout = client.Value.ResponseTimeout);
        builder.AddActivityPropagation();
        builder.AddOutgoingGrainCallFilter<ClientErrorFilter>();
        builder.AddOutgoingGrainCallFilter<SiloLossRetryFilter>();
        builder.Services.AddSingleton<GatewayLoss>();
        builder.Services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<GatewayLoss>());
        builder.Services.AddSingleton(sp => new StreamQueries(sp.GetRequiredService<IClusterClient>()));
        builder.Services.AddSingleton(sp => new StreamProducer(
            sp.GetRequiredService<IClusterClient>(),
            sp.GetService<IOptions<ProducerOptions>>()?.Value,
            sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new OutputSubscriber(
            sp.GetRequiredService<IClusterClient>(),
            sp.GetService<IOptions<OutputSubscriberOptions>>()?.Value,
            sp.GetRequiredService<TimeProvider>()));
        builder.AddTaskSchedulingClient();
        builder.Services.AllowRedisExceptionsOnTheWire();
        return builder;
    }

    /// <summary>
    /// Mutual TLS to the gateways: the client presents its certificate and accepts a gateway only when the gateway's
    /// certificate chains to the configured CA (the same check as the silos', <see cref="ClusterCertificates.Validate"/>).
    /// </summary>
    private static void UseClusterTls(this IClientBuilder builder, ClusterCertificates certificates) =>
        builder.UseTls(certificates.Certificate, tls =>
        {
            tls.RemoteCertificateMode = Orleans.Connections.Security.RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = Orleans.Connections.Security.RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = certificates.Validate;
        });

    internal static StackExchange.Redis.ConfigurationOptions RedisConfiguration(RealtimeGrainsClientOptions options)
    {
        StackExchange.Redis.ConfigurationOptions configuration;
        try
        {
            configuration = StackExchange.Redis.ConfigurationOptions.Parse(options.RedisConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"RedisConnectionString is not a valid StackExchange.Redis connection string: {ex.Message}", ex);
        }

        configuration.AbortOnConnectFail = false;
        if (options.RedisCaFile.Length > 0)
        {
            configuration.TrustIssuer(Existing(nameof(options.RedisCaFile), options.RedisCaFile));
        }

        if (options.RedisCertificateFile.Length > 0)
        {
            configuration.SetUserPemCertificate(
                Existing(nameof(options.RedisCertificateFile), options.RedisCertificateFile),
                options.RedisKeyFile.Length == 0 ? null : Existing(nameof(options.RedisKeyFile), options.RedisKeyFile));
        }

        return configuration;
    }

    private static string Existing(string name, string file) =>
        ConfigFileLocator.Find(file) ?? throw new ArgumentException($"{nameof(RealtimeGrainsClientOptions)}.{name} = '{file}': file not found");
}
