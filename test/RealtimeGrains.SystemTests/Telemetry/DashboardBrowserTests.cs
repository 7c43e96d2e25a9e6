using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Scheduling;
using RealtimeGrains.SystemTests.Failover;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;

namespace RealtimeGrains.SystemTests.Telemetry;

/// <summary>The Orleans Dashboard of a real silo process, rendered by headless Chromium, shows RealtimeGrains' grains.</summary>
public sealed class DashboardBrowserTests
{
    private static readonly string[] GrainTypes =
    [
        "RealtimeGrains.Streaming.PartitionGrain",
        "RealtimeGrains.Scheduling.SchedulerGrain",
        "RealtimeGrains.Scheduling.TaskGrain",
    ];

    [Fact]
    public async Task Dashboard_InChromiumAfterWorkload_ListsPartitionSchedulerAndTaskGrains()
    {
        Assert.True(HeadlessChromium.Executable is not null, "chromium not found: `bash .ci/deps` installs it (Debian package chromium)");
        await using var silo = SiloProcess.Start();
        await silo.WaitActiveAsync();
        await using var connection = await RealtimeGrainsConnection.ConnectAsync(o =>
        {
            o.Gateways.Clear();
            o.Gateways.Add(silo.Gateway);
        });

        var producer = connection.Services.GetRequiredService<StreamProducer>();
        for (var i = 0; i < 200; i++)
        {
            await producer.PublishAsync("events", "key-" + (i % 20).ToString(System.Globalization.CultureInfo.InvariantCulture), [1]);
        }

        await producer.FlushAsync();
        var tasks = connection.Services.GetRequiredService<TaskClient>();
        await tasks.CreateQueueAsync("dashboard", SchedulingPolicies.Fcfs, concurrency: 2);
        // A task that runs through the whole check keeps a task grain active while the dashboard samples its silo.
        var running = await tasks.SubmitAsync("dashboard", TasksFailoverTests.Sleep(60_000) with { TimeoutMs = 120_000 });
        await Eventually.TrueAsync(async () => (await tasks.GetTaskAsync(running)).Status == TaskState.Running, TimeSpan.FromSeconds(30), "the sleep task to start");

        var page = new Uri(silo.Http, "/dashboard/#/grains");
        var dom = "";
        await Eventually.TrueAsync(
            async () =>
            {
                dom = await HeadlessChromium.DumpDomAsync(page, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(60));
                return GrainTypes.All(t => dom.Contains(t, StringComparison.Ordinal));
            },
            TimeSpan.FromSeconds(90),
            $"the dashboard's grains page, rendered by chromium, to list {string.Join(", ", GrainTypes)}");

        Assert.Contains("Orleans Dashboard", dom, StringComparison.Ordinal);
        Assert.All(GrainTypes, t => Assert.Contains(t, dom, StringComparison.Ordinal));
    }
}
