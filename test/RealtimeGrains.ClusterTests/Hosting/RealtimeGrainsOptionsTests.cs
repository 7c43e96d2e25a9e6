using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Hosting;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.ClusterTests.Hosting;

/// <summary>Options set in code: after configuration, before a later <c>Configure&lt;T&gt;</c>, checked at start like the file's.</summary>
public sealed class RealtimeGrainsOptionsTests
{
    private static readonly Dictionary<string, string?> Settings = new(ClusterFixture.SiloSettings)
    {
        ["RealtimeGrains:Scheduler:DefaultConcurrency"] = "5",
    };

    [Fact]
    public async Task AddRealtimeGrains_SchedulerOptionInCode_OverridesConfiguration()
    {
        await using var cluster = await TestClusters.DeployAsync(_ => Settings, options: o => o.Scheduler.DefaultConcurrency = 6);

        Assert.Equal(6, await ImplicitQueueConcurrencyAsync(cluster.Client));
    }

    [Fact]
    public async Task Configure_AfterAddRealtimeGrains_Wins()
    {
        await using var cluster = await TestClusters.DeployAsync(
            _ => Settings,
            configure: silo => silo.Services.Configure<SchedulerOptions>(o => o.DefaultConcurrency = 7),
            options: o => o.Scheduler.DefaultConcurrency = 6);

        Assert.Equal(7, await ImplicitQueueConcurrencyAsync(cluster.Client));
    }

    [Fact]
    public void AddRealtimeGrains_InvalidValueInCode_FailsStartNamingKeyValueAndRange()
    {
        using var host = SiloHost(silo => silo.AddRealtimeGrains(o => o.Scheduler.RetryBackoffMs = -1));

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["RealtimeGrains:Scheduler:RetryBackoffMs = '-1' is not valid; allowed: 0-3600000"], error.Failures);
    }

    [Fact]
    public void Configure_InvalidValueAfterAddRealtimeGrains_FailsStart()
    {
        using var host = SiloHost(silo =>
        {
            silo.AddRealtimeGrains();
            silo.Services.Configure<StorageOptions>(o => o.Provider = "postgresql");
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            [
                "RealtimeGrains:Storage:StreamState = '' is not valid; allowed: memory or redis, because RealtimeGrains:Storage:Provider is postgresql: partition state needs a store that checkpoints only what changed, and grain storage writes whole states",
                "RealtimeGrains:PostgreSql:ConnectionString = '' is not valid; allowed: an Npgsql connection string such as Host=127.0.0.1;Port=5432;Database=realtimegrains;Username=rtg, because RealtimeGrains:Storage:Provider is postgresql",
            ],
            error.Failures);
    }

    [Fact]
    public void AddRealtimeGrainsClient_InvalidValueInLaterConfigure_FailsStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client.AddRealtimeGrainsClient(o => o.ConnectAttempts = 2));
        builder.Services.Configure<RealtimeGrainsClientOptions>(o => o.CallAttempts = 0);
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["RealtimeGrainsClientOptions.CallAttempts = '0' is not valid; allowed: at least 1"], error.Failures);
    }

    private static async Task<int> ImplicitQueueConcurrencyAsync(IClusterClient client)
    {
        var tasks = new TaskClient(client, TimeProvider.System);
        await tasks.SubmitAsync("implicit", new TaskSpec { Handler = "echo", Payload = [1] });
        return (await tasks.GetStatusAsync("implicit")).Settings.Concurrency;
    }

    private static IHost SiloHost(Action<ISiloBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            configure(silo);
        });
        return builder.Build();
    }
}
