using System.Net;
using Microsoft.Extensions.Configuration;
using RealtimeGrains.Hosting;
using RealtimeGrains.Security;

namespace RealtimeGrains.Client.Hosting;

/// <summary>How a client finds and connects to a RealtimeGrains cluster.</summary>
public sealed class RealtimeGrainsClientOptions
{
    /// <summary>Gateway endpoints as <c>host:port</c>; the embedded default silo listens on 127.0.0.1:30000.</summary>
    public IList<string> Gateways { get; } = ["127.0.0.1:30000"];

    /// <summary>Must match the silos' <c>RealtimeGrains:Silo:ClusterId</c>.</summary>
    public string ClusterId { get; set; } = "rtg-local";

    /// <summary>Must match the silos' <c>RealtimeGrains:Silo:ServiceId</c>.</summary>
    public string ServiceId { get; set; } = "realtimegrains";

    /// <summary>How many times the initial connection is tried before giving up (at least 1).</summary>
    public int ConnectAttempts { get; set; } = 5;

    /// <summary>Delay between connection attempts; doubles each time, capped at 2 s.</summary>
    public TimeSpan ConnectRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// StackExchange.Redis connection string of the silos' Redis membership table; when set, gateways
    /// are discovered there (and follow silos joining and leaving) instead of taken from <see cref="Gateways"/>.
    /// </summary>
    public string RedisConnectionString { get; set; } = "";

    /// <summary>PEM file of the CA that signs the Redis server's certificate (with <c>ssl=true</c> in <see cref="RedisConnectionString"/>).</summary>
    public string RedisCaFile { get; set; } = "";

    /// <summary>PEM client certificate presented to Redis, when Redis asks for one; <see cref="RedisKeyFile"/> holds its key unless this file does.</summary>
    public string RedisCertificateFile { get; set; } = "";

    /// <summary>PEM private key of <see cref="RedisCertificateFile"/>.</summary>
    public string RedisKeyFile { get; set; } = "";

    /// <summary>
    /// Mutual TLS to the gateways: this client's certificate and the CA the gateways' certificates must chain to
    /// (the silos' <c>RealtimeGrains:Tls</c>); off while empty. The silos must trust this client's certificate.
    /// </summary>
    public ClusterTlsOptions Tls { get; } = new();

    /// <summary>How often a grain call is tried when it fails because a silo or gateway is gone (at least 1).</summary>
    public int CallAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry of such a call; doubles each time, capped at 2 s.</summary>
    public TimeSpan CallRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a call waits for its answer. A call in flight over a gateway connection that drops
    /// (a killed silo) is only given up after this, then retried: shorter than Orleans' 30 s default,
    /// long enough for every RealtimeGrains call (all answer in milliseconds when the cluster is healthy).
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reads the same configuration files a silo reads (the <c>RealtimeGrains:Silo</c> section of
    /// <c>silo-config/*.json</c> overlays): the gateway is that silo's advertised address and gateway port;
    /// with <c>Clustering</c> = <c>redis</c>, gateways come from <c>RealtimeGrains:Redis:ConnectionString</c> (and its
    /// <c>CaFile</c>, <c>CertificateFile</c>, <c>KeyFile</c>); <c>RealtimeGrains:Tls</c> gives the client certificate and CA.
    /// </summary>
    public void ApplySiloConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var silo = configuration.GetSection("RealtimeGrains:Silo");
        ClusterId = silo["ClusterId"] ?? ClusterId;
        ServiceId = silo["ServiceId"] ?? ServiceId;
        var port = silo["GatewayPort"];
        if (port is not null)
        {
            var address = silo["AdvertisedAddress"] ?? "127.0.0.1";
            Gateways.Clear();
            Gateways.Add($"{address}:{port}");
        }

        if (string.Equals(silo["Clustering"], "redis", StringComparison.OrdinalIgnoreCase))
        {
            var redis = configuration.GetSection("RealtimeGrains:Redis");
            RedisConnectionString = redis["ConnectionString"] ?? "";
            RedisCaFile = redis["CaFile"] ?? RedisCaFile;
            RedisCertificateFile = redis["CertificateFile"] ?? RedisCertificateFile;
            RedisKeyFile = redis["KeyFile"] ?? RedisKeyFile;
        }

        var tls = configuration.GetSection(ClusterTlsOptions.Section);
        Tls.CertificateFile = tls[nameof(ClusterTlsOptions.CertificateFile)] ?? Tls.CertificateFile;
        Tls.KeyFile = tls[nameof(ClusterTlsOptions.KeyFile)] ?? Tls.KeyFile;
        Tls.Password = tls[nameof(ClusterTlsOptions.Password)] ?? Tls.Password;
        Tls.CaFile = tls[nameof(ClusterTlsOptions.CaFile)] ?? Tls.CaFile;
    }

    /// <summary>
    /// Reads the layers a silo reads, in the silo's order, as <see cref="ApplySiloConfiguration"/> does:
    /// <c>silo-config/appsettings.json</c> (when found from the working directory), the given overlays, then
    /// environment variables (<c>RealtimeGrains__Redis__ConnectionString=...</c>). A client started with the same
    /// files and environment as a silo therefore looks where that silo is.
    /// </summary>
    public void ApplySiloConfigurationFiles(params string[] overlays)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        var builder = new ConfigurationBuilder();
        var baseFile = ConfigFileLocator.Find(Path.Combine("silo-config", "appsettings.json"));
        if (baseFile is not null)
        {
            builder.AddJsonFile(baseFile, optional: false);
        }

        foreach (var file in overlays)
        {
            var found = ConfigFileLocator.Find(file)
                ?? throw new ArgumentException($"configuration file '{file}' not found (looked in {Environment.CurrentDirectory} and its parents)");
            builder.AddJsonFile(found, optional: false);
        }

        builder.AddEnvironmentVariables();
        ApplySiloConfiguration(builder.Build());
    }

    /// <summary>
    /// Where this client looks for silos, for messages: "at" the gateways, or "through" the Redis membership
    /// endpoints (never the password).
    /// </summary>
    public string DescribeTarget()
    {
        if (string.IsNullOrWhiteSpace(RedisConnectionString))
        {
            return $"at {string.Join(", ", Gateways)}";
        }

        try
        {
            var endpoints = StackExchange.Redis.ConfigurationOptions.Parse(RedisConnectionString).EndPoints;
            return $"through the Redis membership table at {string.Join(", ", endpoints.Select(e => e.ToString()))}";
        }
        catch (ArgumentException)
        {
            return "through the Redis membership table (unparsable connection string)";
        }
    }

    /// <summary>Resolves <see cref="Gateways"/> to endpoints, with a clear error for a malformed entry.</summary>
    public IReadOnlyList<IPEndPoint> ResolveGateways()
    {
        if (Gateways.Count == 0)
        {
            throw new ArgumentException("at least one gateway (host:port) is needed");
        }

        var endpoints = new List<IPEndPoint>();
        foreach (var gateway in Gateways)
        {
            var colon = gateway.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(gateway.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            {
                throw new ArgumentException($"gateway '{gateway}' is not valid; expected host:port, e.g. 127.0.0.1:30000");
            }

            var host = gateway[..colon].Trim('[', ']');
            if (IPAddress.TryParse(host, out var ip))
            {
                endpoints.Add(new IPEndPoint(ip, port));
                continue;
            }

            try
            {
                var addresses = Dns.GetHostAddresses(host);
                endpoints.Add(new IPEndPoint(addresses.First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork), port));
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException)
            {
                throw new ArgumentException($"gateway '{gateway}': host '{host}' does not resolve to an IPv4 address", ex);
            }
        }

        return endpoints;
    }
}
