using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Microsoft.Extensions.Options;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using Orleans.Dashboard;
using RealtimeGrains.Hosting;
using RealtimeGrains.Telemetry;
using RealtimeGrains.Speech;

namespace RealtimeGrains.Silo.Hosting;

/// <summary>Builds the silo web host from a checked <see cref="SiloConfiguration"/>.</summary>
public static class SiloHost
{
    /// <summary>Creates the web application: Orleans silo, dashboard, <c>/metrics</c>, <c>/healthz</c>.</summary>
    /// <param name="config">The checked configuration.</param>
    /// <param name="configureSilo">Runs last on the silo builder, for a host that embeds silos (<c>rtg demo</c>).</param>
    public static WebApplication Build(SiloConfiguration config, Action<ISiloBuilder>? configureSilo = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Errors.Count > 0)
        {
            throw new InvalidOperationException("configuration has errors: " + string.Join("; ", config.Errors));
        }

        var options = config.Host;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(config.Configuration);
        builder.WebHost.UseUrls(options.HttpUrl);
        if (config.Certificates is { } https)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = https.Certificate));
        }

        builder.Services.AddSingleton(options);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(options.ShutdownTimeoutMs));

        builder.UseOrleans(silo =>
        {
            silo.UseRealtimeGrainsClustering(config);
            if (config.Certificates is { } certificates)
            {
                silo.UseClusterTls(certificates);
            }

            silo.AddRealtimeGrains();
            silo.AddSpeechRecognition();

            // Trace context crosses grain calls; without a listener the filters find no activity and do nothing.
            silo.AddActivityPropagation();
            if (options.Dashboard)
            {
                silo.AddDashboard();
            }

            silo.Services.AddSingleton<SiloReadiness>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloReadiness>());
            configureSilo?.Invoke(silo);
        });

        AddTelemetry(builder, options, config.Telemetry);

        var app = builder.Build();
        var credentials = new HttpCredentials(options);
        if (credentials.Required)
        {
            app.Use(credentials.GuardAsync);
        }

        app.MapGet("/healthz", (SiloReadiness readiness) => Results.Json(
            new HealthReport(readiness.Status, readiness.SiloName, readiness.SiloAddress?.ToParsableString()),
            SiloHostJsonContext.Default.HealthReport,
            statusCode: readiness.IsActive ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable));
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (options.Dashboard)
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard");
        }

        return app;
    }

    private static void UseRealtimeGrainsClustering(this ISiloBuilder silo, SiloConfiguration config)
    {
        var options = config.Host;
        if (options.UsesRedis)
        {
            silo.UseRedisClustering(_ => { });
            silo.Services.AddOptions<RedisClusteringOptions>().Configure<IOptions<RedisOptions>>((r, redis) => r.ConfigurationOptions = redis.Value.ToConfiguration());
        }
        else if (options.UsesPostgreSql)
        {
            silo.UseAdoNetClustering(a => a.Configure<IOptions<PostgreSqlOptions>>((o, postgreSql) =>
            {
                o.Invariant = PostgreSqlOptions.Invariant;
                o.ConnectionString = postgreSql.Value.ConnectionString;
            }));
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, options.PrimarySilo, options.ServiceId, options.ClusterId);
        }

        if (!options.UsesLocalhost)
        {
            silo.Configure<ClusterOptions>(c =>
            {
                c.ClusterId = options.ClusterId;
                c.ServiceId = options.ServiceId;
            });
            silo.Configure<EndpointOptions>(e =>
            {
                e.SiloPort = options.SiloPort;
                e.GatewayPort = options.GatewayPort;
            });
        }

        silo.Configure<ClusterMembershipOptions>(config.Membership.ApplyTo);
        silo.Configure<EndpointOptions>(e => e.AdvertisedIPAddress = options.AdvertisedIp);

        // Checked against each frame's length prefix before its body is read: a larger message closes the connection.
        silo.Configure<SiloMessagingOptions>(m => m.MaxMessageBodySize = options.MaxMessageBodyBytes);
        if (options.SiloName.Length > 0)
        {
            silo.Configure<SiloOptions>(s => s.SiloName = options.SiloName);
        }
    }

    private static void AddTelemetry(WebApplicationBuilder builder, SiloHostOptions options, TelemetryOptions telemetry)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("realtimegrains-silo", serviceInstanceId: $"{options.AdvertisedAddress}:{options.SiloPort}"))
            .WithMetrics(m =>
            {
                m.AddMeter(RealtimeGrainsTelemetry.OrleansMeterName, RealtimeGrainsTelemetry.Name);
                m.AddPrometheusExporter();
                if (telemetry.OtlpEndpoint.Length > 0)
                {
                    m.AddOtlpExporter(o => o.Endpoint = new Uri(telemetry.OtlpEndpoint));
                }
            });
        if (telemetry.OtlpEndpoint.Length > 0)
        {
            otel.WithTracing(t => t
                .AddSource(RealtimeGrainsTelemetry.Name, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddOtlpExporter(o => o.Endpoint = new Uri(telemetry.OtlpEndpoint)));
        }
    }
}
