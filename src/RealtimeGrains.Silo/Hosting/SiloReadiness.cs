
namespace RealtimeGrains.Silo.Hosting;

/// <summary>
/// Tracks the silo lifecycle for <c>/healthz</c>: active once the silo reaches
/// <see cref="ServiceLifecycleStage.Active"/>, not active again as soon as shutdown begins.
/// </summary>
internal sealed partial class SiloReadiness(ILocalSiloDetails silo, SiloHostOptions options, ILogger<SiloReadiness> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private volatile string _status = "Starting";

    public bool IsActive => _status == "Active";

    public string Status => _status;

    public SiloAddress SiloAddress => silo.SiloAddress;

    public string SiloName => silo.Name;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloReadiness), ServiceLifecycleStage.Active, OnActive, OnStopping);

    private Task OnActive(CancellationToken cancellationToken)
    {
        _status = "Active";
        if (options.Dashboard)
        {
            LogActive(logger, silo.Name, silo.SiloAddress, silo.GatewayAddress, options.HttpUrl);
        }
        else
        {
            LogActiveWithoutDashboard(logger, silo.Name, silo.SiloAddress, silo.GatewayAddress, options.HttpUrl);
        }

        return Task.CompletedTask;
    }

    private Task OnStopping(CancellationToken cancellationToken)
    {
        _status = "Stopping";
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "RealtimeGrains silo {SiloName} active at {Silo}: gateway {Gateway}, dashboard {Http}/dashboard/, metrics {Http}/metrics, health {Http}/healthz")]
    private static partial void LogActive(ILogger logger, string siloName, SiloAddress silo, SiloAddress? gateway, string http);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "RealtimeGrains silo {SiloName} active at {Silo}: gateway {Gateway}, dashboard off, metrics {Http}/metrics, health {Http}/healthz")]
    private static partial void LogActiveWithoutDashboard(ILogger logger, string siloName, SiloAddress silo, SiloAddress? gateway, string http);
}
