using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.Processing;
using RealtimeGrains.Streaming.Processors;
using RealtimeGrains.SystemTests.Failover;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Processing;

/// <summary>
/// Real silo processes on Redis: a stream whose processor turns every event into a task and emits each task's
/// outcome to an output stream that a client subscribes to. A silo is killed (-9) mid-run.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ProcessorFailoverTests(RedisServer redis, ITestOutputHelper output)
{
    private const string Jobs = "jobs", Results = "job-results", Queue = "jobs-q";
    private const int Keys = 60, PerKey = 40;

    [Fact]
    public async Task SiloKilledMidRun_EveryTaskRunsOnce_AndEveryOutputReachesTheSubscriberOnce()
    {
        await using var cluster = await RedisCluster.StartAsync(redis, "processor-kill", 3, TaskStreams.Settings(Jobs, 6, Results, 4, retain: 1000, Queue));
        await using var connection = await cluster.ConnectAsync();
        var client = connection.Client;
        var queries = new StreamQueries(client);
        await new TaskClient(client, TimeProvider.System).CreateQueueAsync(Queue, "fcfs", concurrency: 16);
        await queries.GetStatsAsync(Jobs);
        await queries.GetStatsAsync(Results);

        var seen = new ConcurrentDictionary<(string Key, long Sequence), string>();
        var duplicates = 0;
        using var stop = new CancellationTokenSource();
        // Subscribed on every partition before anything is published (and before the kill).
        await using var feed = await new OutputSubscriber(client).OpenAsync(Results, fromSequence: 1);
        var reading = Task.Run(async () =>
        {
            await foreach (var outcome in feed.ReadAllAsync<TaskOutcome>(stop.Token))
            {
                // A task that did not complete shows as its status and error, so a failure names its cause.
                var value = outcome.Value.Status == TaskState.Completed
                    ? Encoding.UTF8.GetString(outcome.Value.Result ?? [])
                    : $"{outcome.Value.Status} task {outcome.Value.TaskId}: {outcome.Value.Error}";
                if (!seen.TryAdd((outcome.Key, outcome.Sequence), value))
                {
                    Interlocked.Increment(ref duplicates);
                }
            }
        });

        // The victim hosts partition 0 of the jobs stream (never the only silo left).
        var hosting = (await Membership.Management(client).GetActivationAddress(client.GetGrain<IPartitionGrain>(PartitionGrainKey.Format(Jobs, 0))))!;
        var victim = cluster.Silos.Single(s => s.SiloPort == hosting.Endpoint.Port);
        var producer = new StreamProducer(client, new ProducerOptions { AckTimeout = TimeSpan.FromSeconds(2), MaxAttempts = 50 });
        await using (producer)
        {
            for (var i = 0; i < Keys * PerKey; i++)
            {
                if (i == Keys * PerKey / 3)
                {
                    victim.Kill();
                    output.WriteLine($"killed {victim.Ports} after {i} events");
                }

                await producer.PublishAsync(Jobs, Key(i % Keys), Encoding.UTF8.GetBytes(Payload(i % Keys, i / Keys)));
            }

            await producer.FlushAsync();
        }

        try
        {
            await Eventually.TrueAsync(
                () => reading.IsFaulted ? Task.FromException<bool>(reading.Exception!.InnerException!) : Task.FromResult(seen.Count >= Keys * PerKey),
                TimeSpan.FromSeconds(120), $"{Keys * PerKey} outcomes reached the subscriber");
        }
        catch (TimeoutException)
        {
            await DescribeWhereOutcomesStoppedAsync(cluster, client, queries, seen);
            throw;
        }
        await stop.CancelAsync();
        await reading.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal(0, duplicates);
        for (var k = 0; k < Keys; k++)
        {
            var key = Key(k);
            // Every key's outputs are 1..PerKey without a gap, and their results are exactly the key's payloads: each task ran and came back once.
            Assert.Equal(Enumerable.Range(1, PerKey).Select(s => (long)s), seen.Keys.Where(s => s.Key == key).Select(s => s.Sequence).Order());
            Assert.Equal(Enumerable.Range(0, PerKey).Select(j => Payload(k, j)).Order(StringComparer.Ordinal), seen.Where(s => s.Key.Key == key).Select(s => s.Value).Order(StringComparer.Ordinal));
            var state = await queries.GetStateAsync<TaskProcessorState>(Jobs, key);
            Assert.Equal((PerKey, PerKey), (state!.Submitted, state.Finished));
        }

        var results = (await queries.GetStatsAsync(Results)).Total;
        output.WriteLine($"results stream applied {results.EventsApplied}, duplicates dropped {results.DuplicatesDropped}; subscriber saw {seen.Count}");
    }

    /// <summary>On a timeout: what the queue, each key's processor state and the results stream hold, to tell where outcomes stopped.</summary>
    private async Task DescribeWhereOutcomesStoppedAsync(RedisCluster cluster, IClusterClient client, StreamQueries queries, ConcurrentDictionary<(string Key, long Sequence), string> seen)
    {
        var management = Membership.Management(client);
        for (var p = 0; p < 6; p++)
        {
            output.WriteLine($"jobs partition {p} on {await management.GetActivationAddress(client.GetGrain<IPartitionGrain>(PartitionGrainKey.Format(Jobs, p)))}");
        }

        output.WriteLine($"scheduler {Queue} on {await management.GetActivationAddress(client.GetGrain<ISchedulerGrain>(Queue))}");
        var tasks = await new TaskClient(client, TimeProvider.System).ListTasksAsync(Queue);
        output.WriteLine($"tasks listed: {string.Join(", ", tasks.GroupBy(t => t.Status).Select(g => $"{g.Key} {g.Count()}"))}");
        foreach (var silo in cluster.Silos)
        {
            var lines = silo.Log.Split('\n').Where(l => l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).TakeLast(15);
            output.WriteLine($"silo {silo.Ports}, last warnings:\n  {string.Join("\n  ", lines)}");
        }

        var queue = await new TaskClient(client, TimeProvider.System).GetStatusAsync(Queue);
        output.WriteLine($"subscriber saw {seen.Count}; queue {Queue}: pending {queue.Pending}, running {queue.Running}, completed {queue.Completed}, failed {queue.Failed}, retried {queue.Retried}");
        for (var k = 0; k < Keys; k++)
        {
            var key = Key(k);
            var view = await queries.GetKeyAsync(Jobs, key);
            var got = seen.Keys.Count(s => s.Key == key);
            if (got != PerKey || view?.PendingTasks != 0)
            {
                output.WriteLine($"{key} (partition {view?.Partition}): {view?.Json}, pending tasks {view?.PendingTasks}, last output {view?.LastOutput}, outputs seen {got}");
            }
        }

        var results = (await queries.GetStatsAsync(Results)).Total;
        var jobs = (await queries.GetStatsAsync(Jobs)).Total;
        output.WriteLine($"jobs applied {jobs.EventsApplied}, duplicates {jobs.DuplicatesDropped}; results applied {results.EventsApplied}, duplicates {results.DuplicatesDropped}");
    }

    private static string Key(int k) => "job-" + k.ToString(CultureInfo.InvariantCulture);

    private static string Payload(int k, int j) => string.Create(CultureInfo.InvariantCulture, $"{k}/{j}");
}
