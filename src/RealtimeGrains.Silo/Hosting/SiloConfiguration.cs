using RealtimeGrains.Hosting;
using RealtimeGrains.Security;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Silo.Hosting;

/// <summary>
/// Loads the silo's configuration in its documented order, each layer overriding the one before:
/// <c>silo-config/appsettings.json</c>, the overlay given with <c>--config FILE</c>, then environment
/// variables (<c>RealtimeGrains__Silo__GatewayPort=30001</c>).
/// </summary>
public sealed class SiloConfiguration
{
    private SiloConfiguration(
        IConfigurationRoot configuration, SiloHostOptions host, TelemetryOptions telemetry, MembershipOptions membership,
        RedisOptions redis, bool usesRedis, ClusterCertificates? certificates, IReadOnlyList<string> errors)
    {
        Certificates = certificates;
        Configuration = configuration;
        Host = host;
        Telemetry = telemetry;
        Membership = membership;
        Redis = redis;
        UsesRedis = usesRedis;
        Errors = errors;
    }

    /// <summary>The merged configuration.</summary>
    public IConfigurationRoot Configuration { get; }

    public SiloHostOptions Host { get; }

    public TelemetryOptions Telemetry { get; }

    public MembershipOptions Membership { get; }

    public RedisOptions Redis { get; }

    /// <summary>The loaded <c>RealtimeGrains:Tls</c> certificates; null when TLS is off (the embedded default).</summary>
    public ClusterCertificates? Certificates { get; }

    /// <summary>Whether clustering or storage uses Redis (then it must answer before the silo starts).</summary>
    public bool UsesRedis { get; }

    /// <summary>Every problem found; empty when the silo may start.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Path of the embedded default configuration shipped next to the host.</summary>
    public static string DefaultFile => Path.Combine(AppContext.BaseDirectory, "silo-config", "appsettings.json");

    /// <summary>Loads and checks the configuration for the given command line.</summary>
    public static SiloConfiguration Load(string[] args, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var errors = new List<string>();
        var builder = new ConfigurationBuilder().AddJsonFile(DefaultFile, optional: false);
        foreach (var overlay in OverlayFiles(args, errors))
        {
            builder.AddJsonFile(Path.GetFullPath(overlay), optional: false);
        }

        builder.AddEnvironmentVariables();
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            errors.Add($"could not read configuration: {ex.Message}");
            configuration = new ConfigurationBuilder().Build();
        }

        var host = OptionCheck.Bind<SiloHostOptions>(configuration, SiloHostOptions.Section, errors);
        var telemetry = OptionCheck.Bind<TelemetryOptions>(configuration, TelemetryOptions.Section, errors);
        var storage = OptionCheck.Bind<StorageOptions>(configuration, StorageOptions.Section, errors);
        var streaming = OptionCheck.Bind<StreamingOptions>(configuration, StreamingOptions.Section, errors);
        var scheduler = OptionCheck.Bind<Scheduling.SchedulerOptions>(configuration, Scheduling.SchedulerOptions.Section, errors);
        var membership = OptionCheck.Bind<MembershipOptions>(configuration, MembershipOptions.Section, errors);
        var redis = OptionCheck.Bind<RedisOptions>(configuration, RedisOptions.Section, errors);
        var postgreSql = OptionCheck.Bind<PostgreSqlOptions>(configuration, PostgreSqlOptions.Section, errors);
        var tls = OptionCheck.Bind<ClusterTlsOptions>(configuration, ClusterTlsOptions.Section, errors);
        var clustering = $"{SiloHostOptions.Section}:Clustering";
        var usedBy = host.UsesRedis ? clustering : storage.UsesRedis ? $"{StorageOptions.Section}:Provider" : "";
        if (errors.Count == 0)
        {
            errors.AddRange(membership.Validate());
            errors.AddRange(redis.Validate(usedBy.Length > 0, usedBy));
            errors.AddRange(postgreSql.Validate(host.UsesPostgreSql || storage.UsesPostgreSql, host.UsesPostgreSql ? clustering : $"{StorageOptions.Section}:Provider"));
            errors.AddRange(host.Validate());
            errors.AddRange(telemetry.Validate());
            errors.AddRange(storage.Validate());
            errors.AddRange(streaming.Validate());
            errors.AddRange(scheduler.Validate());
        }

        var certificates = errors.Count == 0 ? LoadCertificates(tls, host, errors) : null;
        return new SiloConfiguration(configuration, host, telemetry, membership, redis, usedBy.Length > 0, certificates, errors);
    }

    private static ClusterCertificates? LoadCertificates(ClusterTlsOptions tls, SiloHostOptions host, List<string> errors)
    {
        if (!tls.Enabled)
        {
            if (host.HttpIsHttps)
            {
                errors.Add(OptionCheck.Error($"{SiloHostOptions.Section}:HttpUrl", host.HttpUrl, $"an http URL, or https with a certificate in {ClusterTlsOptions.Section}:CertificateFile"));
            }

            return null;
        }

        try
        {
            return ClusterCertificates.Load(tls);
        }
        catch (ArgumentException ex)
        {
            errors.Add(ex.Message);
            return null;
        }
    }

    private static IEnumerable<string> OverlayFiles(string[] args, List<string> errors)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] != "--config")
            {
                continue;
            }

            if (i + 1 >= args.Length)
            {
                errors.Add("--config needs a file path, e.g. --config silo-config/silo-2.json");
                yield break;
            }

            var file = args[++i];
            var found = ConfigFileLocator.Find(file);
            if (found is null)
            {
                errors.Add($"--config '{file}': file not found (looked in {Environment.CurrentDirectory}, its parents, and {AppContext.BaseDirectory})");
                continue;
            }

            yield return found;
        }
    }
}
