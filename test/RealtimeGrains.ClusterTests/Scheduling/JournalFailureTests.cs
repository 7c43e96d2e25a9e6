using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Hosting;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Testing;
using static RealtimeGrains.ClusterTests.Scheduling.TaskTesting;

namespace RealtimeGrains.ClusterTests.Scheduling;

/// <summary>
/// A scheduler whose journal write failed acknowledges nothing more until it has started over from
/// storage: an accept that only its memory held is never confirmed, so nothing acknowledged is lost.
/// </summary>
public sealed class JournalFailureTests : IAsyncLifetime
{
    private readonly SharedGrainStorage _storage = new(new OrleansGrainStorageSerializer(
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>()));

    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(ClusterFixture.SiloSettings));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddRealtimeGrains();
            silo.Services.AddKeyedSingleton<IGrainStorage>(RealtimeGrainsSiloBuilderExtensions.StateStorage, _storage);
            silo.Services.AddKeyedSingleton<IGrainStorage>(RealtimeGrainsSiloBuilderExtensions.ResultStorage, _storage);
        });
        builder.ConfigureClient(client => client.AddRealtimeGrainsClient(o => o.Gateways.Clear()));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task JournalWriteFails_RetryIsNotAcknowledgedFromMemory_AcceptSurvivesRestartWithoutSnapshot()
    {
        var tasks = new TaskClient(_cluster.Client, TimeProvider.System);
        var queue = UniqueQueue("journal-fail");
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, concurrency: 1);
        await tasks.PauseAsync(queue);
        var first = await tasks.SubmitAsync(queue, Echo("first") with { RequestId = "first" });

        Fail("scheduler-journal");
        await Assert.ThrowsAnyAsync<Exception>(() => tasks.SubmitAsync(queue, Echo("second") with { RequestId = "second" }));
        Recover("scheduler-journal");

        // The retry must not be confirmed from the memory of the activation whose write failed.
        var second = await Eventually.ValueAsync(() => TryAsync(() => tasks.SubmitAsync(queue, Echo("second") with { RequestId = "second" })), id => id is not null, Patience, "the retried submit to be accepted");

        // Restart the scheduler without its final snapshot: only the journal tells what was accepted.
        Fail("scheduler");
        var management = _cluster.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        Recover("scheduler");

        var status = await Eventually.ValueAsync(() => TryAsync(() => tasks.GetStatusAsync(queue)), s => s is not null, Patience, "the queue to answer");
        Assert.Equal(2, status!.Pending);
        Assert.Equal(TaskState.Pending, (await tasks.GetTaskAsync(first)).Status);
        Assert.Equal(TaskState.Pending, (await tasks.GetTaskAsync(second!)).Status);
    }

    [Fact]
    public async Task WriteFailsWhileARetryWaitsForTheNext_AcknowledgedIdIsTheOneStorageKeeps()
    {
        var tasks = new TaskClient(_cluster.Client, TimeProvider.System);
        var queue = UniqueQueue("journal-race");
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, concurrency: 1);
        await tasks.PauseAsync(queue);
        var spec = Echo("b") with { RequestId = "b" };
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var armed = 1;
        _storage.BeforeWrite = async state =>
        {
            if (state == "scheduler-journal" && Interlocked.Exchange(ref armed, 0) == 1)
            {
                held.SetResult();
                await release.Task;
                throw new OrleansException("injected: the write holding the first accept fails");
            }
        };

        var first = tasks.SubmitAsync(queue, spec);
        await held.Task.WaitAsync(Patience);
        var retry = tasks.SubmitAsync(queue, spec);
        await tasks.GetStatusAsync(queue); // the scheduler takes calls in order: the retry now waits for the next write
        Fail("scheduler"); // and no snapshot can be written from memory until the restart
        release.SetResult();
        await Assert.ThrowsAnyAsync<Exception>(() => first);
        var acknowledged = await TryAsync(() => retry);
        _storage.BeforeWrite = null;

        // Restart without a final snapshot; then the request id must lead to the task storage kept.
        await _cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Recover("scheduler");
        var kept = await Eventually.ValueAsync(() => TryAsync(() => tasks.SubmitAsync(queue, spec)), id => id is not null, Patience, "the request to be accepted after the restart");
        Assert.Equal(TaskState.Pending, (await tasks.GetTaskAsync(kept!)).Status);
        Assert.True(acknowledged is null || acknowledged == kept, $"the retry was acknowledged as {acknowledged}, but after a restart the request is {kept}");
        Assert.Equal(1, (await tasks.GetStatusAsync(queue)).Pending);
    }

    private void Fail(string state)
    {
        lock (_storage.FailingStates)
        {
            _storage.FailingStates.Add(state);
        }
    }

    private void Recover(string state)
    {
        lock (_storage.FailingStates)
        {
            _storage.FailingStates.Remove(state);
        }
    }

    private static async Task<T?> TryAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            return null;
        }
    }
}
