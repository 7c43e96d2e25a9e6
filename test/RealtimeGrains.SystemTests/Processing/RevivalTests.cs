using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.Processing;
using RealtimeGrains.SystemTests.Failover;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Processing;

/// <summary>
/// A partition whose work is its own (task outcomes to collect and emit) loses its silo and then gets no event and no
/// call: a surviving silo must bring it back, or its outcomes wait in storage for the key's next event.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RevivalTests(RedisServer redis, ITestOutputHelper output)
{
    private const string Jobs = "jobs", Results = "job-results", Queue = "revive-q";
    private const int Events = 20;

    [Fact]
    public async Task SiloWithBusyPartitionKilled_NoFurtherCalls_PartitionComesBackAndFinishesItsWork()
    {
        var settings = TaskStreams.Settings(Jobs, 2, Results, 2, retain: 100, Queue);
        settings[$"RealtimeGrains__Scheduler__Queues__{Queue}__Policy"] = "fcfs";
        await using var cluster = await RedisCluster.StartAsync(redis, "revival", 2, settings);
        await using var connection = await cluster.ConnectAsync();
        var client = connection.Client;
        var queries = new StreamQueries(client);
        var tasks = new TaskClient(client, TimeProvider.System);
        await tasks.PauseAsync(Queue); // the tasks stay pending: the partition certainly holds work at the kill

        // Every event goes to partition 0; the victim is the silo that hosts it.
        var keys = Enumerable.Range(0, 400).Select(i => "job-" + i).ToList();
        var inZero = (await queries.LocateAsync(Jobs, keys)).Where(k => k.Partition == 0).Select(k => k.Key).Take(Events).ToList();
        Assert.Equal(Events, inZero.Count);
        var seen = new ConcurrentDictionary<string, byte>();
        using var stop = new CancellationTokenSource();
        await using var feed = await new OutputSubscriber(client).OpenAsync(Results, fromSequence: 1);
        var reading = Task.Run(async () =>
        {
            await foreach (var outcome in feed.ReadAllAsync<TaskOutcome>(stop.Token))
            {
                seen.TryAdd(outcome.Key, 0);
            }
        });

        await using (var producer = new StreamProducer(client))
        {
            foreach (var key in inZero)
            {
                await producer.PublishAsync(Jobs, key, Encoding.UTF8.GetBytes(key));
            }

            await producer.FlushAsync();
        }

        await Eventually.TrueAsync(async () => (await tasks.GetStatusAsync(Queue)).Pending == Events, TimeSpan.FromSeconds(30), $"the queue holds the {Events} submitted tasks");
        var hosting = (await Membership.Management(client).GetActivationAddress(client.GetGrain<IPartitionGrain>(PartitionGrainKey.Format(Jobs, 0))))!;
        var victim = cluster.Silos.Single(s => s.SiloPort == hosting.Endpoint.Port);

        // From here nothing calls the jobs partition: only the queue is resumed (the scheduler may have died too).
        var sinceKill = Stopwatch.StartNew();
        victim.Kill();
        await Membership.DeclaredDeadAsync(client, hosting, sinceKill, TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => ResumeAsync(tasks), TimeSpan.FromSeconds(60), "the queue resumed");
        await Eventually.TrueAsync(
            () => reading.IsFaulted ? Task.FromException<bool>(reading.Exception!.InnerException!) : Task.FromResult(seen.Count == Events),
            TimeSpan.FromSeconds(60), $"the outcomes of all {Events} tasks reached the subscriber without a call to their partition");
        output.WriteLine($"killed the silo hosting partition 0 ({victim.Ports}); every outcome at the subscriber {sinceKill.Elapsed.TotalMilliseconds:0} ms after the kill");
        var survivor = cluster.Silos.Single(s => s != victim);
        output.WriteLine(string.Join('\n', survivor.Log.Split('\n').Where(l => l.Contains("reviving", StringComparison.Ordinal) || l.Contains("answer", StringComparison.Ordinal))));
        await stop.CancelAsync();
        await reading.ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.Equal(inZero.Order(StringComparer.Ordinal), seen.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Resumes the queue; false while its scheduler is still on the dead silo's way out.</summary>
    private static async Task<bool> ResumeAsync(TaskClient tasks)
    {
        try
        {
            return !(await tasks.ResumeAsync(Queue)).Paused;
        }
        catch (OrleansException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
