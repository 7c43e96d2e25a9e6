using System.Diagnostics;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Telemetry;
using RealtimeGrains.Testing;
using static RealtimeGrains.ClusterTests.Scheduling.TaskTesting;

namespace RealtimeGrains.ClusterTests.Telemetry;

/// <summary>The <c>RealtimeGrains</c> activity source's spans, as a listener in the silos' process sees them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SpanTests(ClusterFixture fixture)
{
    private const int Events = 40;

    [Fact]
    public async Task PartitionGrain_BatchesApplied_OneSpanPerBatchWithStreamPartitionEventsOutcome()
    {
        using var spans = new SpanRecorder();
        await using var producer = new StreamProducer(fixture.Client);
        var producerId = producer.ProducerId.ToString();
        for (var i = 0; i < Events; i++)
        {
            await producer.PublishAsync("events", "span-key-" + (i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture), [1]);
        }

        await producer.FlushAsync();

        List<Activity> applied = [];
        await Eventually.TrueAsync(
            () => Task.FromResult((applied = spans.Named(Spans.BatchName, "rtg.producer", producerId).Where(s => s.GetTagItem("rtg.outcome") as string == "applied").ToList()).Sum(s => (int)s.GetTagItem("rtg.batch.events")!) == Events),
            Patience,
            $"applied batch spans of producer {producerId} covering {Events} events");
        Assert.All(applied, s =>
        {
            Assert.Equal("events", s.GetTagItem("rtg.stream"));
            Assert.InRange((int)s.GetTagItem("rtg.partition")!, 0, 7);
            Assert.Equal(ActivityKind.Consumer, s.Kind);
            Assert.Equal(ActivityStatusCode.Unset, s.Status);
        });
        // Sequences count per (producer, partition): each applied batch once.
        Assert.Equal(applied.Count, applied.Select(s => ((int)s.GetTagItem("rtg.partition")!, (long)s.GetTagItem("rtg.batch.sequence")!)).Distinct().Count());
    }

    [Fact]
    public async Task TaskGrain_AttemptsRun_OneSpanPerAttemptWithQueueHandlerAttemptOutcome()
    {
        using var spans = new SpanRecorder();
        var tasks = fixture.Tasks();
        var queue = UniqueQueue("spans");
        var ok = await tasks.SubmitAsync(queue, Echo("traced"));
        var failing = await tasks.SubmitAsync(queue, new TaskSpec { Handler = "sleep", Payload = "abc"u8.ToArray(), MaxAttempts = 2 });
        await tasks.WaitAllAsync([ok, failing]);

        IReadOnlyList<Activity> attempts = [];
        await Eventually.TrueAsync(
            () => Task.FromResult((attempts = spans.Named(Spans.AttemptName, "rtg.queue", queue)).Count == 3),
            Patience,
            $"three attempt spans of queue {queue}");
        var byTask = attempts.ToLookup(s => (string)s.GetTagItem("rtg.task.id")!);
        var completed = Assert.Single(byTask[ok]);
        Assert.Equal(("echo", 1, "Completed", ActivityStatusCode.Unset), (completed.GetTagItem("rtg.handler"), completed.GetTagItem("rtg.attempt"), completed.GetTagItem("rtg.outcome"), completed.Status));
        Assert.Equal([1, 2], byTask[failing].Select(s => (int)s.GetTagItem("rtg.attempt")!).Order());
        Assert.All(byTask[failing], s =>
        {
            Assert.Equal(("sleep", "Failed", ActivityStatusCode.Error), (s.GetTagItem("rtg.handler"), s.GetTagItem("rtg.outcome"), s.Status));
            Assert.StartsWith("ArgumentException: sleep: payload 'abc' is not valid", s.StatusDescription, StringComparison.Ordinal);
        });
        Assert.All(attempts, s => Assert.Contains(s.Events, e => e.Name == "slot acquired"));
    }
}
