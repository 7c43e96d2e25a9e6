using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Failover;

/// <summary>
/// Two silo processes with membership and grain storage in a real PostgreSQL (Orleans' ADO.NET providers,
/// <c>silo-config/cluster-postgresql.json</c>), and partition state in memory.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class PostgreSqlFailoverTests(ITestOutputHelper output)
{
    private const string Queue = "pg-failover";
    private const int Tasks = 48;

    [Fact]
    public async Task Tasks_SchedulerSiloKilled_QueueReactivatesFromPostgreSqlAndEveryTaskCompletesOnce()
    {
        var started = Stopwatch.StartNew();
        await using var postgres = await PostgreSqlServer.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["RealtimeGrains__PostgreSql__ConnectionString"] = postgres.ConnectionString,
            ["RealtimeGrains__Storage__StreamState"] = "memory",
            ["RealtimeGrains__Silo__ClusterId"] = "pg-failover",
            ["RealtimeGrains__Silo__ServiceId"] = "rtg-pg-failover",
            ["RealtimeGrains__Silo__Dashboard"] = "false",
        };
        await using var first = SiloProcess.Start(null, settings, "--config", RepoPaths.SiloConfig("cluster-postgresql.json"));
        await using var second = SiloProcess.Start(null, settings, "--config", RepoPaths.SiloConfig("cluster-postgresql.json"));
        await Task.WhenAll(first.WaitActiveAsync(TimeSpan.FromSeconds(90)), second.WaitActiveAsync(TimeSpan.FromSeconds(90)));
        await using var connection = await RealtimeGrainsConnection.ConnectAsync(o =>
        {
            o.Gateways.Clear();
            o.Gateways.Add(first.Gateway);
            o.Gateways.Add(second.Gateway);
            o.ClusterId = "pg-failover";
            o.ServiceId = "rtg-pg-failover";
        });
        var client = connection.Client;
        var tasks = connection.Services.GetRequiredService<TaskClient>();
        await tasks.CreateQueueAsync(Queue, "fcfs", concurrency: 8);
        var echo = await tasks.SubmitAsync(Queue, new TaskSpec { Handler = "echo", Payload = "kept in postgres"u8.ToArray() });
        Assert.Equal(TaskState.Completed, (await TasksFailoverTests.WaitAsync(tasks, echo)).Status);
        var ids = await tasks.SubmitManyAsync(Queue, [.. Enumerable.Range(0, Tasks).Select(_ => TasksFailoverTests.Sleep(300))]);
        await Eventually.TrueAsync(async () => (await tasks.GetStatusAsync(Queue)).Running > 0, TimeSpan.FromSeconds(30), "tasks of the queue running");

        // Kill the silo that hosts the queue's scheduler: its state must come back from PostgreSQL on the other silo.
        var schedulerSilo = await Membership.Management(client).GetActivationAddress(client.GetGrain<ISchedulerGrain>(Queue));
        Assert.NotNull(schedulerSilo);
        var victim = new[] { first, second }.Single(s => s.SiloPort == schedulerSilo.Endpoint.Port);
        var survivor = victim == first ? second : first;
        victim.Kill();
        var sinceKill = Stopwatch.StartNew();
        var dead = await Membership.DeclaredDeadAsync(client, schedulerSilo, sinceKill, TimeSpan.FromSeconds(60));

        var finished = await Task.WhenAll(ids.Select(id => TasksFailoverTests.WaitAsync(tasks, id)));
        var allDone = sinceKill.Elapsed;
        var status = await tasks.GetStatusAsync(Queue);
        var kept = await TasksFailoverTests.WaitAsync(tasks, echo);
        var membershipRows = await postgres.ScalarAsync<long>("SELECT count(*) FROM OrleansMembershipTable WHERE Status = 6");
        var stateRows = await postgres.ScalarAsync<long>("SELECT count(*) FROM OrleansStorage WHERE PayloadBinary IS NOT NULL");

        output.WriteLine($"killed {victim.Ports} (the scheduler's silo); survivor {survivor.Ports}");
        output.WriteLine($"kill -> declared dead: {dead.TotalMilliseconds:0} ms; every task completed: {allDone.TotalMilliseconds:0} ms");
        output.WriteLine($"attempts: {string.Join(", ", finished.GroupBy(t => t.Attempts).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}"))}");
        output.WriteLine($"grain states in PostgreSQL: {stateRows}; whole test: {started.Elapsed.TotalSeconds:0.0} s");
        Assert.All(finished, t => Assert.Equal(TaskState.Completed, t.Status));
        Assert.Equal(Tasks + 1, status.Completed);
        Assert.Equal(0, status.Failed);
        Assert.Equal("kept in postgres", Encoding.UTF8.GetString(kept.Result!));
        Assert.Equal(1, membershipRows);
        Assert.True(stateRows > Tasks, string.Create(CultureInfo.InvariantCulture, $"grain states in PostgreSQL: {stateRows}"));
        Assert.False(survivor.HasExited);
    }
}
