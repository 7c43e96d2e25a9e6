using StackExchange.Redis;

namespace RealtimeGrains.Hosting;

/// <summary>
/// The Redis that Redis clustering and Redis storage use (section <c>RealtimeGrains:Redis</c>).
/// Password and TLS go in the connection string (<c>host:6380,password=...,ssl=true</c>); the CA that signs the
/// Redis server's certificate, and a client certificate when Redis asks for one, are files.
/// </summary>
public sealed class RedisOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Redis";

    /// <summary>Full key of <see cref="ConnectionString"/>, for error messages.</summary>
    public const string ConnectionStringKey = Section + ":ConnectionString";

    /// <summary>StackExchange.Redis connection string; required when clustering or storage is <c>redis</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>PEM file of the CA that signs the Redis server's certificate (with <c>ssl=true</c>); empty: the machine's trust store.</summary>
    public string CaFile { get; set; } = "";

    /// <summary>PEM client certificate presented to Redis (<c>tls-auth-clients</c>); empty for none.</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>PEM private key of <see cref="CertificateFile"/>; empty when it is in the certificate file.</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>How long connecting to Redis may take, at start and on reconnects, in ms.</summary>
    public int ConnectTimeoutMs { get; set; } = 5000;

    /// <summary>
    /// How long one Redis command may take before it fails with a Redis timeout, in ms. Shorter than Orleans'
    /// 5 s response timeout, so a caller whose grain waited on a Redis that is down gets the Redis error
    /// rather than a bare call timeout.
    /// </summary>
    public int OperationTimeoutMs { get; set; } = 3000;

    /// <summary>Returns every problem with these options; <paramref name="required"/> says whether something uses Redis.</summary>
    public IReadOnlyList<string> Validate(bool required, string usedBy)
    {
        var errors = new List<string>();
        OptionCheck.Range(errors, $"{Section}:ConnectTimeoutMs", ConnectTimeoutMs, 100, 120_000);
        OptionCheck.Range(errors, $"{Section}:OperationTimeoutMs", OperationTimeoutMs, 100, 120_000);
        if (!required)
        {
            return errors;
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add(OptionCheck.Error(ConnectionStringKey, ConnectionString,
                $"a Redis connection string such as 127.0.0.1:6379 (or host:6379,password=...,ssl=true), because {usedBy} is redis"));
            return errors;
        }

        foreach (var (key, file) in new[] { ("CaFile", CaFile), ("CertificateFile", CertificateFile), ("KeyFile", KeyFile) })
        {
            if (file.Length > 0 && ConfigFileLocator.Find(file) is null)
            {
                errors.Add(OptionCheck.Error($"{Section}:{key}", file, "an existing PEM file (not found)"));
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        try
        {
            var configuration = ToConfiguration();
            if (configuration.EndPoints.Count == 0)
            {
                errors.Add(OptionCheck.Error(ConnectionStringKey, Redacted(), "a connection string naming at least one host:port"));
            }
            else if (!configuration.Ssl && (CaFile.Length > 0 || CertificateFile.Length > 0))
            {
                errors.Add(OptionCheck.Error(ConnectionStringKey, Redacted(), $"a connection string with ssl=true, because {Section}:CaFile or CertificateFile is set"));
            }
        }
        catch (ArgumentException ex)
        {
            errors.Add(OptionCheck.Error(ConnectionStringKey, Redacted(), $"a StackExchange.Redis connection string ({ex.Message})"));
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            errors.Add(OptionCheck.Error($"{Section}:CaFile/CertificateFile/KeyFile", $"{CaFile}/{CertificateFile}/{KeyFile}", $"PEM certificate and key files that can be read ({ex.Message.TrimEnd('.')})"));
        }

        return errors;
    }

    /// <summary>
    /// Parses the connection string and applies the TLS files. The connect timeout comes from <see cref="ConnectTimeoutMs"/> and the command
    /// timeouts from <see cref="OperationTimeoutMs"/> unless the string sets them; after the first connection, the
    /// multiplexer keeps reconnecting instead of failing.
    /// </summary>
    public ConfigurationOptions ToConfiguration()
    {
        var configuration = ConfigurationOptions.Parse(ConnectionString);
        if (!ConnectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            configuration.ConnectTimeout = ConnectTimeoutMs;
        }

        if (!ConnectionString.Contains("syncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            configuration.SyncTimeout = OperationTimeoutMs;
        }

        if (!ConnectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            configuration.AsyncTimeout = OperationTimeoutMs;
        }

        if (CaFile.Length > 0)
        {
            configuration.TrustIssuer(ConfigFileLocator.Find(CaFile) ?? CaFile);
        }

        if (CertificateFile.Length > 0)
        {
            configuration.SetUserPemCertificate(ConfigFileLocator.Find(CertificateFile) ?? CertificateFile, KeyFile.Length == 0 ? null : ConfigFileLocator.Find(KeyFile) ?? KeyFile);
        }

        configuration.AbortOnConnectFail = false;
        return configuration;
    }

    /// <summary>The endpoints, for messages (never the password).</summary>
    public string Endpoints()
    {
        try
        {
            return string.Join(", ", ConfigurationOptions.Parse(ConnectionString).EndPoints.Select(e => e.ToString()));
        }
        catch (ArgumentException)
        {
            return "(unparsable)";
        }
    }

    private string Redacted() => System.Text.RegularExpressions.Regex.Replace(ConnectionString, "(password=)[^,]*", "$1***", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
}
