using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Hosting;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Testing;
using static RealtimeGrains.ClusterTests.Scheduling.TaskTesting;

namespace RealtimeGrains.ClusterTests.Scheduling;

/// <summary>
/// A task grain that does not answer within timeout + lease grace (here: a handler that claims not to
/// block and then blocks its grain) loses its attempt; the scheduler's verdict stands even when the
/// late answer comes in.
/// </summary>
public sealed class LeaseTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(ClusterFixture.SiloSettings)
        {
            ["RealtimeGrains:Scheduler:LeaseGraceMs"] = "300",
        }));
        builder.ConfigureSilo((_, silo) => silo.AddRealtimeGrains().AddTaskHandler<StallingTaskHandler>());
        builder.ConfigureClient(client => client.AddRealtimeGrainsClient(o => o.Gateways.Clear()));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        StallingTaskHandler.Gate.Set();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task TaskGrainSilentPastLease_AttemptFailsAsLost_LateCompletionDoesNotOverrideIt()
    {
        var tasks = new TaskClient(_cluster.Client, TimeProvider.System);
        var queue = UniqueQueue("lease");
        var id = await tasks.SubmitAsync(queue, new TaskSpec { Handler = StallingTaskHandler.HandlerName, TimeoutMs = 100, MaxAttempts = 1 });

        await Eventually.ValueAsync(() => tasks.GetStatusAsync(queue), s => s.Failed == 1, Patience, "the lease to expire");
        StallingTaskHandler.Gate.Set();

        // The task grain answers again once the handler returns; its record must follow the scheduler.
        var info = await Eventually.ValueAsync(() => tasks.GetTaskAsync(id), i => i.Status != TaskState.Running, Patience, "the task grain to answer");
        await Eventually.TrueAsync(() => Task.FromResult(StallingTaskHandler.Returned), Patience, "the stalled handler to return");
        info = await tasks.GetTaskAsync(id);
        Assert.Equal(TaskState.Failed, info.Status);
        Assert.Equal("attempt 1: no answer from the task grain within 400 ms (timeout + lease grace); its silo may be gone", info.Error);
        Assert.Equal((0L, 1L), ((await tasks.GetStatusAsync(queue)).Completed, (await tasks.GetStatusAsync(queue)).Failed));
    }
}

/// <summary>Breaks its promise not to block: holds its grain's thread until the test opens the gate.</summary>
internal sealed class StallingTaskHandler : ITaskHandler
{
    public const string HandlerName = "stall";

    public static readonly ManualResetEventSlim Gate = new();

    public static bool Returned { get; private set; }

    public string Name => HandlerName;

    public bool MayBlock => false;

    public ValueTask<byte[]> ExecuteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        Gate.Wait(TimeSpan.FromSeconds(60), CancellationToken.None); // ignores its token on purpose
        Returned = true;
        return ValueTask.FromResult(payload.ToArray());
    }
}
