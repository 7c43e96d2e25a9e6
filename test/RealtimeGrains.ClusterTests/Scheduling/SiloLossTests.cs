using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Hosting;
using RealtimeGrains.Scheduling;
using static RealtimeGrains.ClusterTests.Scheduling.TaskTesting;
using RealtimeGrains.Testing;

namespace RealtimeGrains.ClusterTests.Scheduling;

/// <summary>
/// Kills a silo that runs tasks (its own three-silo cluster with fast failure detection and storage
/// that outlives a silo): every accepted task still completes, and the lost attempts are counted.
/// </summary>
public sealed class SiloLossTests : IAsyncLifetime
{
    private static readonly SharedGrainStorage Storage = new(new OrleansGrainStorageSerializer(
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>()));

    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(ClusterFixture.SiloSettings)
        {
            ["RealtimeGrains:Scheduler:LeaseGraceMs"] = "500",
        }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddRealtimeGrains();
            silo.Services.AddKeyedSingleton<IGrainStorage>(RealtimeGrainsSiloBuilderExtensions.StateStorage, Storage);
            silo.Services.AddKeyedSingleton<IGrainStorage>(RealtimeGrainsSiloBuilderExtensions.ResultStorage, Storage);
            silo.Services.AddKeyedSingleton<IGrainStorage>("PubSubStore", Storage);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            });
        });
        builder.ConfigureClient(client => client.AddTaskSchedulingClient());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task KillSilo_RunningTasksOnIt_EveryAcceptedTaskCompletesSomeRetried()
    {
        var tasks = new TaskClient(_cluster.Client, TimeProvider.System);
        var queue = UniqueQueue("kill");
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, concurrency: 6);
        // Tasks long enough (3 s), and victims picked among tasks started less than a second ago, so the
        // tasks running on the victim cannot finish before the kill lands even on a busy machine.
        var ids = await tasks.SubmitManyAsync(queue, [.. Enumerable.Range(0, 12).Select(_ => Sleep(3_000) with { TimeoutMs = 10_000, MaxAttempts = 5 })]);

        var (victim, onVictim) = await Eventually.ValueAsync(() => PickVictimAsync(queue), v => v.Tasks.Count >= 2, Patience,
            "two running tasks on a secondary silo that does not host the scheduler");
        var killedAt = DateTimeOffset.UtcNow;
        await _cluster.KillSiloAsync(victim);

        var infos = new List<TaskInfo>();
        foreach (var id in ids)
        {
            infos.Add(await Eventually.ValueAsync(() => TryGetAsync(tasks, id), i => i?.Status is TaskState.Completed or TaskState.Failed, Patience, $"task {id} to finish") ?? throw new InvalidOperationException(id));
        }

        Assert.All(infos, i => Assert.Equal(TaskState.Completed, i.Status));
        var retried = infos.Where(i => i.Attempts > 1).Select(i => i.Id).ToList();
        Assert.True(retried.Any(onVictim.Contains), "tasks running on the killed silo: " + string.Join("; ", infos.Where(i => onVictim.Contains(i.Id)).Select(i => $"{i.Id} attempts {i.Attempts} on {i.Silo} started {i.StartedAt:HH:mm:ss.fff} done {i.CompletedAt:HH:mm:ss.fff}")) + $"; killed at {killedAt:HH:mm:ss.fff}");
        Assert.All(infos.Where(i => i.Attempts > 1), i => Assert.NotEqual(victim.SiloAddress.ToParsableString(), i.Silo));
    }

    [Fact]
    public async Task KillSilo_HostingScheduler_QueueRecoversSettingsAndTasksFromItsJournal()
    {
        var tasks = new TaskClient(_cluster.Client, TimeProvider.System);
        var (queue, host) = await QueueOnSecondarySiloAsync(tasks);
        var ids = await tasks.SubmitManyAsync(queue, [.. Enumerable.Range(0, 20).Select(_ => Sleep(100) with { MaxAttempts = 5 })]);
        await Eventually.ValueAsync(() => tasks.GetStatusAsync(queue), s => s.Completed >= 2, Patience, "two tasks to complete before the kill");

        // No deactivation, so no snapshot: the next activation has only what the journal holds.
        await _cluster.KillSiloAsync(host);

        foreach (var id in ids)
        {
            await Eventually.ValueAsync(() => TryGetAsync(tasks, id), i => i?.Status == TaskState.Completed, Patience, $"task {id} to complete");
        }

        var status = await Eventually.ValueAsync(() => TryStatusAsync(tasks, queue), s => s?.Completed == 20, Patience, "the recovered queue to count every task");
        Assert.Equal((SchedulingPolicies.Sjf, 2, 0, 0), (status!.Settings.Policy, status.Settings.Concurrency, status.Pending, status.Running));
    }

    /// <summary>A fresh queue whose scheduler is active on a silo other than the primary (which the cluster needs).</summary>
    private async Task<(string Queue, InProcessSiloHandle Host)> QueueOnSecondarySiloAsync(TaskClient tasks)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var queue = UniqueQueue("journal");
            // A write keeps the scheduler active (a read of a queue never written drops its activation at once).
            await tasks.CreateQueueAsync(queue, SchedulingPolicies.Sjf, concurrency: 2);
            var activations = await _cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            var at = activations.Single(a => a.GrainId == _cluster.Client.GetGrain<ISchedulerGrain>(queue).GetGrainId()).SiloAddress;
            if (_cluster.Silos.Skip(1).FirstOrDefault(s => s.SiloAddress.Equals(at)) is { } secondary)
            {
                return (queue, secondary);
            }
        }

        throw new InvalidOperationException("no scheduler landed on a secondary silo in 50 tries");
    }

    private async Task<(InProcessSiloHandle Silo, List<string> Tasks)> PickVictimAsync(string queue)
    {
        var running = (await _cluster.Client.GetGrain<ISchedulerGrain>(queue).ListTasks())
            .Where(t => t.Status == TaskState.Running && t.StartedAt > DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1)).Select(t => t.Id).ToList();
        var activations = await _cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var schedulerSilo = activations.Single(a => a.GrainId == _cluster.Client.GetGrain<ISchedulerGrain>(queue).GetGrainId()).SiloAddress;
        return _cluster.Silos.Skip(1)
            .Where(s => !s.SiloAddress.Equals(schedulerSilo))
            .Select(s => (s, running.Where(id => activations.Any(a =>
                a.SiloAddress.Equals(s.SiloAddress) && a.GrainId == _cluster.Client.GetGrain<ITaskGrain>(id).GetGrainId())).ToList()))
            .MaxBy(v => v.Item2.Count);
    }

    private static Task<TaskInfo?> TryGetAsync(TaskClient tasks, string id) => TryAsync<TaskInfo>(() => tasks.GetTaskAsync(id));

    private static Task<QueueStatus?> TryStatusAsync(TaskClient tasks, string queue) => TryAsync<QueueStatus>(() => tasks.GetStatusAsync(queue));

    /// <summary>Null when the call failed because a silo is gone (the client's gateway may be the killed silo); ask again.</summary>
    private static async Task<T?> TryAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or Orleans.Runtime.Messaging.ConnectionFailedException)
        {
            return null;
        }
    }
}
