using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Failover;

[Collection(RedisClusterCollection.Name)]
public sealed class RestartTests(RedisServer redis, ITestOutputHelper output)
{
    [Fact]
    public async Task KilledSilo_StartedAgainOnSamePorts_RejoinsActiveAndTakesNewActivations()
    {
        await using var cluster = await RedisCluster.StartAsync(redis, "restart", 3);
        await using var connection = await cluster.ConnectAsync();
        var client = connection.Client;
        var victim = cluster.Silos[2];
        var before = await Membership.ActiveSiloAsync(client, victim.SiloPort);

        victim.Kill();
        var sinceKill = Stopwatch.StartNew();
        var dead = await Membership.DeclaredDeadAsync(client, before, sinceKill, TimeSpan.FromSeconds(60));
        var restarted = await cluster.RestartAsync(victim.Ports, 3);
        var healthy = sinceKill.Elapsed;
        var after = await Eventually.ValueAsync(
            async () => (await Membership.Management(client).GetHosts(onlyActive: true)).Keys.FirstOrDefault(s => s.Endpoint.Port == restarted.SiloPort),
            silo => silo is not null,
            TimeSpan.FromSeconds(30),
            "the restarted silo to be listed Active");

        // New task grains go to the least-loaded silo: the one that just came back.
        var tasks = connection.Services.GetRequiredService<TaskClient>();
        await tasks.CreateQueueAsync("failover", "fcfs", concurrency: 12);
        var ids = await TasksFailoverTests.SubmitSleepsAsync(tasks, 24);
        var finished = await Task.WhenAll(ids.Select(id => TasksFailoverTests.WaitAsync(tasks, id)));
        var onRestarted = finished.Count(t => t.Silo == after!.ToParsableString());

        output.WriteLine($"kill -> declared dead: {dead.TotalMilliseconds:0} ms; kill -> restarted silo healthy: {healthy.TotalMilliseconds:0} ms");
        output.WriteLine($"old {before}, new {after}; {onRestarted} of {finished.Length} new tasks ran on the restarted silo");
        Assert.NotEqual(before, after);
        Assert.Equal(before.Endpoint, after!.Endpoint);
        Assert.Equal(3, await Membership.ActiveCountAsync(client));
        Assert.All(finished, t => Assert.Equal(TaskState.Completed, t.Status));
        Assert.True(onRestarted > 0, $"no new task ran on the restarted silo; silos used: {string.Join(", ", finished.Select(t => t.Silo).Distinct())}");
    }
}
