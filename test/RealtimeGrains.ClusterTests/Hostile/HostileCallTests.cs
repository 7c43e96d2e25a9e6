using RealtimeGrains.ClusterTests.Scheduling;
using RealtimeGrains.Placement;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Storage;
using RealtimeGrains.Streaming;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.ClusterTests.Hostile;

/// <summary>
/// A client calls grain interfaces our client library never would: silo-only protocols, partition keys that name
/// nothing, missing arguments. Each is refused with a <see cref="RequestRejectedException"/> naming the call, and
/// leaves neither state nor activations behind.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HostileCallTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task SiloOnlyInterfaces_CalledByClient_RefusedBeforeTheGrainRuns()
    {
        var memory = Client.GetGrain<IMemoryStoreGrain>("rtg-state/0");

        var write = await Assert.ThrowsAsync<InvalidRequestException>(() => memory.Write("scheduler/victim", new MemoryStoreRecord([1, 2, 3], null)));
        var read = await Assert.ThrowsAsync<InvalidRequestException>(() => memory.Read("scheduler/victim"));
        var task = await Assert.ThrowsAsync<InvalidRequestException>(() => Client.GetGrain<ITaskGrain>("victim/1").GetInfo());
        var board = await Assert.ThrowsAsync<InvalidRequestException>(
            () => Client.GetGrain<ILoadBoardGrain>(0).Exchange(new SiloLoadReport { Silo = "S10.0.0.66:1:1", Capacity = 1e9 }));

        Assert.Equal("RealtimeGrains.Storage.IMemoryStoreGrain.Write is called by silos only; a client may not call it", write.Message);
        Assert.Equal("RealtimeGrains.Storage.IMemoryStoreGrain.Read is called by silos only; a client may not call it", read.Message);
        Assert.Equal("RealtimeGrains.Scheduling.ITaskGrain.GetInfo is called by silos only; a client may not call it", task.Message);
        Assert.Equal("RealtimeGrains.Placement.ILoadBoardGrain.Exchange is called by silos only; a client may not call it", board.Message);
        Assert.DoesNotContain(await Client.GetGrain<ILoadBoardGrain>(0).GetAll(), r => r.Silo == "S10.0.0.66:1:1");
    }

    [Fact]
    public async Task MissingArguments_RefusedAsInvalidRequestNamingCallAndArgument()
    {
        var partition = Client.GetGrain<IPartitionGrain>("events/0");
        var queue = Client.GetGrain<ISchedulerGrain>("hostile-nulls");

        var key = await Assert.ThrowsAsync<InvalidRequestException>(() => partition.GetKey(null!));
        var deliver = await Assert.ThrowsAsync<InvalidRequestException>(() => partition.Deliver(null!));
        var specs = await Assert.ThrowsAsync<InvalidRequestException>(() => queue.SubmitMany(null!));
        var change = await Assert.ThrowsAsync<InvalidRequestException>(() => queue.Configure(null!));

        Assert.Equal("RealtimeGrains.Streaming.IPartitionGrain.GetKey: argument 'key' is missing (null)", key.Message);
        Assert.Equal("RealtimeGrains.Streaming.IPartitionGrain.Deliver: argument 'batch' is missing (null)", deliver.Message);
        Assert.Equal("RealtimeGrains.Scheduling.ISchedulerGrain.SubmitMany: argument 'specs' is missing (null)", specs.Message);
        Assert.Equal("RealtimeGrains.Scheduling.ISchedulerGrain.Configure: argument 'change' is missing (null)", change.Message);
    }

    [Fact]
    public async Task PartitionKeysNamingNothing_RefusedAndNoActivationStays()
    {
        var seed = Attack.Seed(17);
        var random = new Random(seed);
        var baseline = await Attack.ActivationsAsync(Client, "PartitionGrain");
        var keys = Enumerable.Range(0, 3_000).Select(i => (i % 4) switch
        {
            0 => $"nope{random.Next()}/0",
            1 => $"events/{random.Next(8, int.MaxValue)}",
            2 => Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
            _ => $"events/-{random.Next(1, 100)}",
        }).ToList();
        var refused = 0;

        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (key, _) =>
        {
            var grain = Client.GetGrain<IPartitionGrain>(key);
            Func<Task> call = (key.Length % 3) switch
            {
                0 => () => grain.GetStats(),
                1 => () => grain.GetKey("k"),
                _ => () => grain.Renew(Guid.NewGuid()),
            };
            var ex = await Assert.ThrowsAsync<UnknownPartitionException>(call);
            Assert.Equal($"partition grain '{key}' names no declared partition ({{declared stream}}/{{0..Partitions-1}})", ex.Message);
            Interlocked.Increment(ref refused);
        });

        var left = await Eventually.ValueAsync(() => Attack.ActivationsAsync(Client, "PartitionGrain"), n => n <= baseline, Wait,
            $"partition activations back to {baseline} after {keys.Count} refused keys");
        output.WriteLine($"seed {seed}: {refused} calls on keys naming no partition refused; partition activations {baseline} before, {left} after");
    }

    [Fact]
    public async Task QueueNamesReadOnce_NoSchedulerActivationStays()
    {
        var baseline = await Attack.ActivationsAsync(Client, "SchedulerGrain");
        var names = Enumerable.Range(0, 2_000).Select(i => $"hostile-read-{Guid.NewGuid():N}").ToList();

        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (name, _) =>
        {
            var status = await Client.GetGrain<ISchedulerGrain>(name).GetStatus();
            Assert.Equal(0, status.Pending);
        });

        await Eventually.ValueAsync(() => Attack.ActivationsAsync(Client, "SchedulerGrain"), n => n <= baseline + 5, Wait,
            $"scheduler activations back to about {baseline} after reading {names.Count} unused queues");
    }

    [Fact]
    public async Task PendingTasks_ManyClientsFloodAPausedQueue_ExactlyMaxLengthAccepted()
    {
        var tasks = fixture.Tasks();
        var queue = $"hostile-flood-{Guid.NewGuid():N}"[..30];
        await tasks.CreateQueueAsync(queue, SchedulingPolicies.Fcfs, concurrency: 1, maxLength: 50);
        await tasks.PauseAsync(queue);
        var full = 0;
        var accepted = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 40 }, async (i, _) =>
        {
            try
            {
                // Request ids, as every client of ours sends: a submit the client library retries (a response timeout on a
                // loaded machine) is answered with the tasks it already accepted, not accepted twice.
                var specs = Enumerable.Range(0, 1 + (i % 5)).Select(j => new TaskSpec { Handler = "echo", Payload = new byte[100], RequestId = $"flood-{i}-{j}" }).ToList();
                Interlocked.Add(ref accepted, (await Client.GetGrain<ISchedulerGrain>(queue).SubmitMany(specs)).Count);
            }
            catch (QueueFullException)
            {
                Interlocked.Increment(ref full);
            }
        });

        var status = await tasks.GetStatusAsync(queue);
        Assert.True(full > 0, "the flood should have found the queue full");
        Assert.True(accepted <= 50, $"{accepted} accepted past a max length of 50");
        Assert.Equal(accepted, status.Pending);
    }
}
