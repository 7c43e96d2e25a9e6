using System.Net;
using RealtimeGrains.Hosting;

namespace RealtimeGrains.Silo.Hosting;

/// <summary>How this silo process joins its cluster and serves HTTP (section <c>RealtimeGrains:Silo</c>).</summary>
public sealed class SiloHostOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Silo";

    /// <summary>The clustering providers this build knows.</summary>
    public static readonly string[] ClusteringProviders = ["localhost", "redis", "postgresql"];

    public string SiloName { get; set; } = "";
    public string ClusterId { get; set; } = "rtg-local";
    public string ServiceId { get; set; } = "realtimegrains";
    public string Clustering { get; set; } = "localhost";
    public string PrimarySiloEndpoint { get; set; } = "127.0.0.1:11111";
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string HttpUrl { get; set; } = "http://127.0.0.1:8080";
    public bool Dashboard { get; set; } = true;

    /// <summary>Bearer token the dashboard and <c>/metrics</c> ask for (<c>Authorization: Bearer ...</c>); empty: none.</summary>
    public string HttpToken { get; set; } = "";

    /// <summary>User name of basic authentication for the dashboard and <c>/metrics</c> (with <see cref="HttpPassword"/>); empty: none.</summary>
    public string HttpUser { get; set; } = "";

    /// <summary>Password of basic authentication (with <see cref="HttpUser"/>).</summary>
    public string HttpPassword { get; set; } = "";

    /// <summary>Lets the dashboard and <c>/metrics</c> answer anyone on an <see cref="HttpUrl"/> that is not a loopback address.</summary>
    public bool AllowAnonymousHttp { get; set; }

    /// <summary>
    /// Largest message body a silo reads from a client or another silo, in bytes (Orleans' <c>MaxMessageBodySize</c>,
    /// whose default is 100 MB). The frame's length prefix is checked before the body is buffered; a larger message
    /// closes that connection, failing the calls in flight on it.
    /// </summary>
    public int MaxMessageBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long a graceful stop (SIGTERM) may take: deactivation, checkpoints, leaving the cluster, in ms.</summary>
    public int ShutdownTimeoutMs { get; set; } = 30_000;

    /// <summary>Whether membership goes to Redis (<c>RealtimeGrains:Redis</c>).</summary>
    public bool UsesRedis => string.Equals(Clustering, "redis", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether membership goes to PostgreSQL (<c>RealtimeGrains:PostgreSql</c>).</summary>
    public bool UsesPostgreSql => string.Equals(Clustering, "postgresql", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this is a development cluster on one machine (no membership store).</summary>
    public bool UsesLocalhost => !UsesRedis && !UsesPostgreSql;

    /// <summary>Whether <see cref="HttpUrl"/> only listens on this machine (127.0.0.0/8, ::1, localhost).</summary>
    public bool HttpIsLoopback =>
        Uri.TryCreate(HttpUrl, UriKind.Absolute, out var url)
        && (url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));

    /// <summary>Whether <see cref="HttpUrl"/> is https (served with the <c>RealtimeGrains:Tls</c> certificate).</summary>
    public bool HttpIsHttps => HttpUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The advertised address, parsed (call after <see cref="Validate"/> succeeded).</summary>
    public IPAddress AdvertisedIp => IPAddress.Parse(AdvertisedAddress);

    /// <summary>The primary silo's endpoint, parsed (call after <see cref="Validate"/> succeeded).</summary>
    public IPEndPoint PrimarySilo => IPEndPoint.Parse(PrimarySiloEndpoint);

    /// <summary>Returns every problem with these options, formatted for an operator.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Required(errors, nameof(ClusterId), ClusterId);
        Required(errors, nameof(ServiceId), ServiceId);
        OptionCheck.OneOf(errors, Key(nameof(Clustering)), Clustering, ClusteringProviders);
        OptionCheck.Range(errors, Key(nameof(ShutdownTimeoutMs)), ShutdownTimeoutMs, 1000, 600_000);
        OptionCheck.Range(errors, Key(nameof(MaxMessageBodyBytes)), MaxMessageBodyBytes, 1024 * 1024, 1024 * 1024 * 1024);
        OptionCheck.Port(errors, Key(nameof(SiloPort)), SiloPort);
        OptionCheck.Port(errors, Key(nameof(GatewayPort)), GatewayPort);
        if (SiloPort == GatewayPort)
        {
            errors.Add(OptionCheck.Error(Key(nameof(GatewayPort)), GatewayPort, $"a port other than {Key(nameof(SiloPort))}"));
        }

        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            errors.Add(OptionCheck.Error(Key(nameof(AdvertisedAddress)), AdvertisedAddress, "an IP address such as 127.0.0.1"));
        }

        if (!IPEndPoint.TryParse(PrimarySiloEndpoint, out var primary) || primary.Port is < 1 or > 65535)
        {
            errors.Add(OptionCheck.Error(Key(nameof(PrimarySiloEndpoint)), PrimarySiloEndpoint, "ip:port, such as 127.0.0.1:11111"));
        }

        if (!Uri.TryCreate(HttpUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Port is < 1 or > 65535)
        {
            errors.Add(OptionCheck.Error(Key(nameof(HttpUrl)), HttpUrl, "an http(s) URL with a port, such as http://127.0.0.1:8080"));
        }
        else if (!HttpIsLoopback && HttpToken.Length == 0 && HttpUser.Length == 0 && !AllowAnonymousHttp)
        {
            errors.Add($"{Key(nameof(HttpUrl))} = '{HttpUrl}' is not a loopback address, so the dashboard and /metrics need credentials: " +
                $"set {Key(nameof(HttpToken))} (or {Key(nameof(HttpUser))} and {Key(nameof(HttpPassword))}), or {Key(nameof(AllowAnonymousHttp))} = true to serve them to anyone");
        }

        if ((HttpUser.Length == 0) != (HttpPassword.Length == 0))
        {
            errors.Add(OptionCheck.Error(Key(nameof(HttpUser)), HttpUser, $"empty or set together with {Key(nameof(HttpPassword))} (basic authentication needs both)"));
        }

        return errors;
    }

    private static string Key(string name) => $"{Section}:{name}";

    private static void Required(List<string> errors, string name, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(OptionCheck.Error(Key(name), value, "a non-empty name"));
        }
    }
}
