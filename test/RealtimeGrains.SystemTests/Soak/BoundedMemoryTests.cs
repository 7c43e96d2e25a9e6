using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Client.Scheduling;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Scheduling;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Soak;

/// <summary>
/// One embedded-default silo held to a 512 MB GC heap under two minutes of events and echo tasks at full
/// speed: whatever it keeps per event, key or finished task has to stay bounded, or the silo runs out of memory.
/// </summary>
[Trait("Tier", "System")]
[Collection(SoakCollection.Name)]
public sealed class BoundedMemoryTests(ITestOutputHelper output)
{
    private const string Stream = "events";
    private const string Queue = "soak";
    private const int Keys = 10_000;
    private const int Concurrency = 64;
    private const int Submitters = 4;
    private const int Batch = 250;

    // Accepted but unfinished tasks stay below this plus one batch per submitter (3,000), well under the
    // queue's default MaxLength (10,000): a submit is never refused as full.
    private const int MaxOutstanding = 2_000;

    private static readonly TimeSpan Load = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    // Start, load and drain together; the drain gets whatever start and load left, so the test ends within 3 minutes.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(170);

    [Fact]
    public async Task Silo_EventsAndEchoTasksFor2MinutesUnder512MbHeap_StaysUpAndFinishesEverything()
    {
        var sinceStart = Stopwatch.StartNew();
        await using var silo = SiloProcess.Start(settings: new Dictionary<string, string>
        {
            ["DOTNET_GCHeapHardLimit"] = "0x20000000",
            ["DOTNET_gcServer"] = "0",
        });
        await silo.WaitActiveAsync(TimeSpan.FromSeconds(40));
        await using var connection = await RealtimeGrainsConnection.ConnectAsync(o =>
        {
            o.Gateways.Clear();
            o.Gateways.Add(silo.Gateway);
        });
        var tasks = connection.Services.GetRequiredService<TaskClient>();
        await tasks.CreateQueueAsync(Queue, "fcfs", Concurrency);
        var producer = new StreamProducer(connection.Client);
        var tally = new TaskTally();
        var load = await RunLoadAsync(silo, producer, tasks, tally);
        var events = producer.Statistics;
        var summary = $"{tally.Accepted:N0} tasks accepted ({tally.Finished:N0} seen finished), {events.EventsPublished:N0} events published ({events.EventsAcked:N0} acknowledged)";
        output.WriteLine($"after {load.Elapsed.TotalSeconds:0} s of load: {summary}; silo {ResidentMemory.Read(silo.Pid)?.ToString() ?? "gone"}");
        if (load.Error is not null)
        {
            summary += $"; the load stopped early on {load.Error.GetType().Name}: {load.Error.Message}";
            output.WriteLine($"the load stopped early on {load.Error}");
        }

        Assert.False(silo.HasExited, $"the silo exited (code {load.ExitCode}) {load.DiedAfter?.TotalSeconds:0} s into the load, by then {summary}; {OomSummary(silo.Log)}; last lines:\n{Tail(silo.Log)}");
        Assert.False(silo.Log.Contains(nameof(OutOfMemoryException), StringComparison.Ordinal), $"the silo logged an OutOfMemoryException under load ({summary}); {OomSummary(silo.Log)}");
        Assert.True(load.Error is null, $"the load stopped on an error before its 2 minutes were up: {load.Error}");
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        using (var health = await http.GetAsync(new Uri(silo.Http, "/healthz")))
        {
            Assert.True(health.StatusCode == HttpStatusCode.OK, $"/healthz answered {(int)health.StatusCode} after the load: {await health.Content.ReadAsStringAsync()}");
        }

        await FlushAsync(producer, Remaining(sinceStart));

        var accepted = tally.Accepted;
        var queue = await Eventually.ValueAsync(
            () => tasks.GetStatusAsync(Queue),
            s => s.Pending == 0 && s.Running == 0 && s.Completed + s.Failed >= accepted,
            Remaining(sinceStart),
            $"every one of the {accepted:N0} accepted tasks finished, none pending or running");
        var applied = (await new StreamQueries(connection.Client).GetStatsAsync(Stream)).Total;
        events = producer.Statistics;
        output.WriteLine($"finished: {queue.Completed:N0} tasks completed, {queue.Failed:N0} failed; {events.EventsAcked:N0} events acknowledged, {applied.EventsApplied:N0} applied over {applied.Keys:N0} keys; silo {ResidentMemory.Read(silo.Pid)?.ToString() ?? "gone"}");

        Assert.True(queue.Completed == accepted && queue.Failed == 0, $"accepted {accepted:N0} tasks but the queue completed {queue.Completed:N0} and failed {queue.Failed:N0}");
        Assert.True(events.EventsAcked == events.EventsPublished, $"published {events.EventsPublished:N0} events but {events.EventsAcked:N0} were acknowledged after the flush");
        Assert.True(applied.EventsApplied == events.EventsAcked, $"{events.EventsAcked:N0} events acknowledged but the partitions applied {applied.EventsApplied:N0}");
        Assert.True(applied.Keys == Math.Min(Keys, events.EventsAcked), $"events went to {Keys:N0} keys but the partitions hold {applied.Keys:N0}");

        // Disposing flushes: only after the flush above succeeded is that quick. After a failure the producer is
        // left alone, since disposing it could wait out every resend and hide the failure behind a timeout.
        await producer.DisposeAsync();
    }

    /// <summary>Events and tasks at full speed until <see cref="Load"/> has passed, the silo exits or a loop fails.</summary>
    private async Task<LoadResult> RunLoadAsync(SiloProcess silo, StreamProducer producer, TaskClient tasks, TaskTally tally)
    {
        using var siloGone = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(siloGone.Token);
        stop.CancelAfter(Load);
        var clock = Stopwatch.StartNew();
        var exit = WatchExitAsync(silo, clock, siloGone, stop.Token);
        var progress = ReportProgressAsync(silo, producer, tally, clock, stop.Token);
        var loops = new List<Task> { Task.Run(() => UntilStoppedAsync(() => PublishAsync(producer, stop.Token, siloGone.Token), stop, siloGone.Token)) };
        loops.AddRange(Enumerable.Range(0, Submitters).Select(_ => Task.Run(() => UntilStoppedAsync(() => SubmitAsync(tasks, tally, stop.Token, siloGone.Token), stop, siloGone.Token))));
        Exception? error = null;
        try
        {
            await Task.WhenAll(loops);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await progress;
        var (code, after) = await exit;
        return new LoadResult(elapsed, error, code, after);
    }

    /// <summary>Runs a load loop; its first failure stops the others, and a dead silo ends it quietly (the caller reports that).</summary>
    private static async Task UntilStoppedAsync(Func<Task> loop, CancellationTokenSource stop, CancellationToken siloGone)
    {
        try
        {
            await loop();
        }
        catch (OperationCanceledException) when (siloGone.IsCancellationRequested)
        {
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }

    /// <summary>
    /// Cycles over the key space. Only a dead silo cancels a publish (one cancelled while it waits for the
    /// window leaves its sealed batch unsent), and then also stops waiting for a send to the dead gateway.
    /// </summary>
    private static async Task PublishAsync(StreamProducer producer, CancellationToken stop, CancellationToken siloGone)
    {
        var keys = Enumerable.Range(0, Keys).Select(k => "key-" + k.ToString(CultureInfo.InvariantCulture)).ToArray();
        var payload = new byte[16];
        for (var i = 0; !stop.IsCancellationRequested; i = (i + 1) % Keys)
        {
            var publish = producer.PublishAsync(Stream, keys[i], payload, siloGone);
            if (!publish.IsCompletedSuccessfully)
            {
                await publish.AsTask().WaitAsync(siloGone);
            }
        }
    }

    /// <summary>Submits batches of echo tasks while fewer than <see cref="MaxOutstanding"/> are unfinished; otherwise polls the queue's counters.</summary>
    private static async Task SubmitAsync(TaskClient tasks, TaskTally tally, CancellationToken stop, CancellationToken siloGone)
    {
        var specs = Enumerable.Range(0, Batch).Select(_ => new TaskSpec { Handler = "echo", Payload = "hello"u8.ToArray() }).ToList();
        while (!stop.IsCancellationRequested)
        {
            if (tally.Accepted - tally.Finished >= MaxOutstanding)
            {
                var status = await tasks.GetStatusAsync(Queue).WaitAsync(siloGone);
                if (!tally.SawFinished(status.Completed + status.Failed))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(1), siloGone);
                }

                continue;
            }

            // A submit in flight when the load time is up still counts; only a dead silo abandons it.
            var ids = await tasks.SubmitManyAsync(Queue, specs).WaitAsync(siloGone);
            tally.AddAccepted(ids.Count);
        }
    }

    private static async Task<(int? Code, TimeSpan? After)> WatchExitAsync(SiloProcess silo, Stopwatch clock, CancellationTokenSource siloGone, CancellationToken stop)
    {
        try
        {
            var code = await silo.WaitForExitAsync(stop);
            var after = clock.Elapsed;
            await siloGone.CancelAsync();
            return (code, after);
        }
        catch (OperationCanceledException)
        {
            return (null, null);
        }
    }

    private async Task ReportProgressAsync(SiloProcess silo, StreamProducer producer, TaskTally tally, Stopwatch clock, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(ProgressEvery, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var events = producer.Statistics;
                output.WriteLine($"{clock.Elapsed.TotalSeconds,4:0} s: tasks {tally.Accepted:N0} accepted, {tally.Finished:N0} finished; events {events.EventsPublished:N0} published, {events.EventsAcked:N0} acknowledged; silo {ResidentMemory.Read(silo.Pid)?.ToString() ?? "gone"}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task FlushAsync(StreamProducer producer, TimeSpan timeout)
    {
        using var drain = new CancellationTokenSource(timeout);
        try
        {
            await producer.FlushAsync(drain.Token);
        }
        catch (OperationCanceledException) when (drain.IsCancellationRequested)
        {
            var events = producer.Statistics;
            Assert.Fail($"after {timeout.TotalSeconds:0} s of flushing, {events.EventsAcked:N0} of {events.EventsPublished:N0} published events were acknowledged ({events.InFlight:N0} batches in flight)");
        }
    }

    private static TimeSpan Remaining(Stopwatch sinceStart)
    {
        var left = Budget - sinceStart.Elapsed;
        return left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);
    }

    /// <summary>The first log line that names an OutOfMemoryException or the runtime's fatal "Out of memory.", with the lines after it.</summary>
    private static string OomSummary(string log)
    {
        static bool Oom(string line) => line.Contains(nameof(OutOfMemoryException), StringComparison.Ordinal) || line.StartsWith("Out of memory.", StringComparison.Ordinal);
        var lines = log.Split('\n');
        var first = Array.FindIndex(lines, Oom);
        return first < 0
            ? "no out-of-memory error in its log"
            : $"its log shows {lines.Count(Oom)} lines naming an out-of-memory error, the first:\n{string.Join('\n', lines.Skip(first).Take(8))}";
    }

    private static string Tail(string log) => string.Join('\n', log.Split('\n').TakeLast(30));

    private sealed record LoadResult(TimeSpan Elapsed, Exception? Error, int? ExitCode, TimeSpan? DiedAfter);
}
