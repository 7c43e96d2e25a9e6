using StackExchange.Redis;

namespace RealtimeGrains.Hosting;

/// <summary>
/// The Redis that Redis clustering and Redis storage use (section <c>RealtimeGrains:Redis</c>).
/// Password and TLS go in the connection string: <c>host:6379,password=...,ssl=true</c>.
/// </summary>
public sealed class RedisOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Redis";

    /// <summary>Full key of <see cref="ConnectionString"/>, for error messages.</summary>
    public const string ConnectionStringKey = Section + ":ConnectionString";

    /// <summary>StackExchange.Redis connection string; required when clustering or storage is <c>redis</c>.</summary>
    public string ConnectionString { get; set; } = "";

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

        try
        {
            if (ToConfiguration().EndPoints.Count == 0)
            {
                errors.Add(OptionCheck.Error(ConnectionStringKey, Redacted(), "a connection string naming at least one host:port"));
            }
        }
        catch (ArgumentException ex)
        {
            errors.Add(OptionCheck.Error(ConnectionStringKey, Redacted(), $"a StackExchange.Redis connection string ({ex.Message})"));
        }

        return errors;
    }

    /// <summary>
    /// Parses the connection string. The connect timeout comes from <see cref="ConnectTimeoutMs"/> and the command
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

    private string Redacted()
    {
        var password = ConnectionString.IndexOf("password=", StringComparison.OrdinalIgnoreCase);
        return password < 0 ? ConnectionString : ConnectionString[..password] + "password=***";
    }
}
