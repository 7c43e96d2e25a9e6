using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Scheduling;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Failover;

[Collection(RedisClusterCollection.Name)]
public sealed class TasksFailoverTests(RedisServer redis, ITestOutputHelper output)
{
    private const string Queue = "failover";
    private const int Tasks = 96; // 8 waves of 300 ms: tasks keep running on every silo well past the pick-and-kill

    [Fact]
    public async Task Tasks_SiloKilledWhileRunningSome_EveryAcceptedTaskCompletes()
    {
        await using var cluster = await RedisCluster.StartAsync(redis, "tasks-kill", 3);
        await using var connection = await cluster.ConnectAsync();
        var client = connection.Client;
        var tasks = connection.Services.GetRequiredService<TaskClient>();
        await tasks.CreateQueueAsync(Queue, "fcfs", concurrency: 12);
        var ids = await SubmitSleepsAsync(tasks, Tasks);

        // Kill a silo that runs some tasks right now, but not the one hosting the scheduler.
        var management = Membership.Management(client);
        var scheduler = await management.GetActivationAddress(client.GetGrain<ISchedulerGrain>(Queue));
        var runningOn = await Eventually.ValueAsync(
            async () => await RunningTaskSilosAsync(client, tasks),
            silos => silos.Any(s => !s.Equals(scheduler)),
            TimeSpan.FromSeconds(30),
            "a task running on a silo other than the scheduler's");
        var victimAddress = runningOn.First(s => !s.Equals(scheduler));
        var victim = cluster.Silos.Single(s => s.SiloPort == victimAddress.Endpoint.Port);
        var onVictim = runningOn.Count(s => s.Equals(victimAddress));

        victim.Kill();
        var sinceKill = Stopwatch.StartNew();
        var declaredDead = Membership.DeclaredDeadAsync(client, victimAddress, sinceKill, TimeSpan.FromSeconds(60));
        var submittedAfter = Membership.FirstAnswerAsync(() => tasks.SubmitAsync(Queue, Sleep(50)), sinceKill, TimeSpan.FromSeconds(60));

        var finished = await Task.WhenAll(ids.Select(id => WaitAsync(tasks, id)));
        var allDone = sinceKill.Elapsed;
        var dead = await declaredDead;
        var elsewhere = await submittedAfter;

        output.WriteLine($"killed {victim.Ports} while it ran {onVictim} of the queue's tasks");
        output.WriteLine($"kill -> declared dead: {dead.TotalMilliseconds:0} ms");
        output.WriteLine($"kill -> first submit accepted: {elsewhere.TotalMilliseconds:0} ms");
        output.WriteLine($"kill -> every task completed: {allDone.TotalMilliseconds:0} ms");
        output.WriteLine($"attempts: {string.Join(", ", finished.GroupBy(t => t.Attempts).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}"))}");
        Assert.All(finished, t => Assert.Equal(TaskState.Completed, t.Status));
        Assert.Contains(finished, t => t.Attempts > 1);
        await AssertOutcomesExpireQueueStaysAsync(ids[0]);
    }

    /// <summary>Finished outcomes carry the retention (default one day) as a key expiry; the queue's own state does not expire.</summary>
    private async Task AssertOutcomesExpireQueueStaysAsync(string taskId)
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var server = connection.GetServer(redis.ConnectionString);
        var db = connection.GetDatabase();
        var taskKey = Assert.Single(server.Keys(pattern: $"*/{taskId}/*"));
        var ttl = await db.KeyTimeToLiveAsync(taskKey);
        Assert.InRange(ttl ?? TimeSpan.Zero, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        var schedulerKeys = server.Keys(pattern: $"*scheduler*{Queue}*").ToList();
        Assert.NotEmpty(schedulerKeys);
        Assert.All(schedulerKeys, k => Assert.Null(db.KeyTimeToLive(k)));
    }

    /// <summary>The silo of each running task's activation.</summary>
    internal static async Task<List<SiloAddress>> RunningTaskSilosAsync(IClusterClient client, TaskClient tasks)
    {
        var silos = new List<SiloAddress>();
        foreach (var task in (await tasks.ListTasksAsync(Queue)).Where(t => t.Status == TaskState.Running))
        {
            if (await Membership.Management(client).GetActivationAddress(client.GetGrain<ITaskGrain>(task.Id)) is { } silo)
            {
                silos.Add(silo);
            }
        }

        return silos;
    }

    internal static TaskSpec Sleep(int ms) => new() { Handler = "sleep", Payload = Encoding.ASCII.GetBytes(ms.ToString(System.Globalization.CultureInfo.InvariantCulture)), MaxAttempts = 5, TimeoutMs = 10_000 };

    internal static async Task<IReadOnlyList<string>> SubmitSleepsAsync(TaskClient tasks, int count) =>
        await tasks.SubmitManyAsync(Queue, [.. Enumerable.Range(0, count).Select(_ => Sleep(300))]);

    internal static async Task<TaskInfo> WaitAsync(TaskClient tasks, string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await tasks.WaitForCompletionAsync(id, timeout.Token);
    }
}
