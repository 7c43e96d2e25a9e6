using RealtimeGrains.Testing;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Streaming;
using RealtimeGrains.SystemTests.Infrastructure;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Failover;

[Collection(RedisClusterCollection.Name)]
public sealed class GracefulStopTests(RedisServer redis, ITestOutputHelper output)
{
    private const string Stream = "events";
    private const int Events = 60_000;
    private const int Keys = 200;

    [Fact]
    public async Task Sigterm_SiloUnderEventsAndTasks_ExitsZeroAndLosesNothing()
    {
        await using var cluster = await RedisCluster.StartAsync(redis, "graceful", 3);
        await using var connection = await cluster.ConnectAsync();
        var client = connection.Client;
        var queries = new StreamQueries(client);
        await queries.GetStatsAsync(Stream);
        var hosting = (await Membership.Management(client).GetActivationAddress(client.GetGrain<IPartitionGrain>(PartitionGrainKey.Format(Stream, 0))))!;
        var victim = cluster.Silos.Single(s => s.SiloPort == hosting.Endpoint.Port);
        var tasks = connection.Services.GetRequiredService<TaskClient>();
        await tasks.CreateQueueAsync("failover", "fcfs", concurrency: 12);
        var ids = await TasksFailoverTests.SubmitSleepsAsync(tasks, 36);

        var producer = new StreamProducer(client, new ProducerOptions { AckTimeout = TimeSpan.FromSeconds(2), MaxAttempts = 50 });
        await using var _ = producer;
        var sinceStop = new Stopwatch();
        var payload = new byte[16];
        for (var i = 0; i < Events; i++)
        {
            if (i == Events / 3)
            {
                victim.Terminate();
                sinceStop.Start();
            }

            await producer.PublishAsync(Stream, "key-" + (i % Keys).ToString(CultureInfo.InvariantCulture), payload);
        }

        await producer.FlushAsync();
        var eventsDone = sinceStop.Elapsed;
        var finished = await Task.WhenAll(ids.Select(id => TasksFailoverTests.WaitAsync(tasks, id)));
        var tasksDone = sinceStop.Elapsed;
        var exit = await victim.WaitForExitAsync(TimeSpan.FromSeconds(45));
        var exited = sinceStop.Elapsed;

        long sum = 0;
        for (var k = 0; k < Keys; k++)
        {
            sum += (await queries.GetKeyAsync(Stream, "key-" + k.ToString(CultureInfo.InvariantCulture)))?.Count ?? 0;
        }

        var stats = producer.Statistics;
        output.WriteLine($"SIGTERM to {victim.Ports} (hosting partition 0) after {Events / 3} of {Events} events, {ids.Count} tasks queued");
        output.WriteLine($"SIGTERM -> every event acknowledged: {eventsDone.TotalMilliseconds:0} ms; -> every task completed: {tasksDone.TotalMilliseconds:0} ms; -> process exited ({exit}): {exited.TotalMilliseconds:0} ms");
        output.WriteLine($"producer: sealed {stats.BatchesSealed}, resent {stats.BatchesResent}; task attempts: {string.Join(", ", finished.GroupBy(t => t.Attempts).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}"))}");
        Assert.Equal(0, exit);
        Assert.Equal(Events, sum);
        Assert.Equal(Events, stats.EventsAcked);
        Assert.All(finished, t => Assert.Equal(TaskState.Completed, t.Status));
        Assert.DoesNotContain("Unhandled exception", victim.Log, StringComparison.Ordinal);
    }
}
