using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.TestingHost;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Hosting;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.ClusterTests.Storage;

/// <summary><c>RealtimeGrains:Storage:Provider</c> = <c>external</c>: grain state goes to a storage the host registered itself.</summary>
public sealed class ExternalStorageTests
{
    private const string HostStorage = "host-store";

    [Fact]
    public async Task External_HostRegisteredStorage_HoldsQueuesTasksAndPubSub()
    {
        await using var cluster = await TestClusters.DeployAsync(
            _ => ClusterFixture.SiloSettings,
            configure: silo => silo.AddMemoryGrainStorage(HostStorage),
            options: o =>
            {
                o.Storage.Provider = "external";
                o.Storage.GrainStorageName = HostStorage;
                o.Storage.StreamState = "memory";
            });
        var tasks = new TaskClient(cluster.Client, TimeProvider.System);

        var id = await tasks.SubmitAsync("external", new TaskSpec { Handler = "echo", Payload = "held by the host"u8.ToArray() });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await tasks.WaitForCompletionAsync(id, timeout.Token);

        Assert.Equal(TaskState.Completed, done.Status);
        Assert.Equal("held by the host"u8.ToArray(), done.Result);
        foreach (var silo in cluster.Silos.Cast<InProcessSiloHandle>())
        {
            var hosts = silo.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(HostStorage);
            Assert.Same(hosts, silo.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(RealtimeGrainsSiloBuilderExtensions.StateStorage));
            Assert.Same(hosts, silo.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(RealtimeGrainsSiloBuilderExtensions.ResultStorage));
            Assert.Same(hosts, silo.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(RealtimeGrainsSiloBuilderExtensions.PubSubStorage));
        }
    }

    [Fact]
    public void External_StorageNotRegistered_FailsStartNamingKey()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddRealtimeGrains(o =>
        {
            o.Storage.Provider = "external";
            o.Storage.GrainStorageName = "nowhere";
            o.Storage.StreamState = "memory";
        }));
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            ["RealtimeGrains:Storage:GrainStorageName = 'nowhere' is not valid; allowed: the name of a grain storage registered on this silo (e.g. siloBuilder.AddMemoryGrainStorage(name)); none is registered under this name"],
            error.Failures);
    }
}
