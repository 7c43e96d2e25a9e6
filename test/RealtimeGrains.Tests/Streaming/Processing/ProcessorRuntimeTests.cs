using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Tests.Streaming.Processing;

public sealed class ProcessorRuntimeTests
{
    [Fact]
    public void Count_CountsPerKeyIncludingUnicodeAndLongKeys()
    {
        var h = Harness("count");
        var longKey = new string('k', 900);

        var result = h.PublishText(("a", "1"), ("ключ", "1"), ("a", "1"), (longKey, "1"));

        Assert.Equal(new ApplyResult(4, 0, 0), result);
        Assert.Equal(2, h.State<long>("a"));
        Assert.Equal(1, h.State<long>("ключ"));
        Assert.Equal(1, h.State<long>(longKey));
        Assert.Equal(3, h.Runtime.Count);
        Assert.Equal("2", h.Runtime.Query("a")!.Json);
    }

    [Fact]
    public void Sum_BadNumber_RejectsOnlyThatEventAndCreatesNoKeyForIt()
    {
        var h = Harness("sum");

        var result = h.PublishText(("x", "2.5"), ("x", "oops"), ("y", "NaN"), ("x", "1e1"));

        Assert.Equal(new ApplyResult(2, 2, 0), result);
        Assert.Equal(12.5, h.State<double>("x"));
        Assert.Null(h.Runtime.Query("y"));
    }

    [Fact]
    public void Sum_TypedNumbers_AreAdded_AndTypedNonNumbersRejected()
    {
        var h = Harness("sum");

        Assert.Equal(1, h.PublishTyped("x", 2).Applied);
        Assert.Equal(1, h.PublishTyped("x", 0.5).Applied);
        Assert.Equal(1, h.PublishTyped("x", "seven").Rejected);

        Assert.Equal(2.5, h.State<double>("x"));
    }

    [Fact]
    public void Last_KeepsLastPayload_RenderedAsText()
    {
        var h = Harness("last");

        h.PublishText(("k", "one"), ("k", "two"));

        Assert.Equal("\"two\"", h.Runtime.Query("k")!.Json);
    }

    [Fact]
    public void TypedProcessor_RawPayloadOrWrongType_IsRejectedWithoutTouchingState()
    {
        var h = Harness("typed-sum", s => s.AddKeyedSingleton<object, TypedSumProcessor>(ProcessorRegistration.ServiceKey("typed-sum")));

        Assert.Equal(1, h.PublishTyped("k", 1.5).Applied);
        Assert.Equal(1, h.PublishText(("k", "2")).Rejected);
        Assert.Equal(1, h.PublishTyped("k", "not a double").Rejected);
        Assert.Equal(1, h.PublishTyped("other", "not a double").Rejected);

        Assert.Equal(1.5, h.State<double>("k"));
        Assert.Null(h.Runtime.Query("other"));
    }

    [Fact]
    public void ProcessingTimer_FiresOnceAtDueTime_AndEmitsToOutput()
    {
        var h = TimerHarness();
        h.PublishText(("k", "100"));

        h.Time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0, h.Tick());
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, h.Tick());
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, h.Tick());

        Assert.Equal(1, h.State<long>("k"));
        Assert.Equal(0, h.Runtime.Timers);
        h.Checkpoint();
        Assert.Equal(1, h.Outbox.Pending); // the output batch, written and waiting to be sent
    }

    [Fact]
    public void RepeatingTimer_FiresEveryPeriod()
    {
        var h = TimerHarness();
        h.PublishText(("k", "r:10"));

        for (var i = 0; i < 5; i++)
        {
            h.Time.Advance(TimeSpan.FromMilliseconds(10));
            Assert.Equal(1, h.Tick());
        }

        Assert.Equal(5, h.State<long>("k"));
        Assert.Equal(1, h.Runtime.Timers);
    }

    [Fact]
    public void SettingTimerAgain_MovesIt()
    {
        var h = TimerHarness();
        h.PublishText(("k", "100"));
        h.PublishText(("k", "300"));

        h.Time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, h.Tick());
        h.Time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, h.Tick());
        Assert.Equal(1, h.State<long>("k"));
    }

    [Fact]
    public void EventTimeTimer_FiresWhenWatermarkPassesIt()
    {
        var h = TimerHarness(lateness: 0);
        var t0 = h.Time.GetUtcNow();
        h.Publish(("k", "e:1000"u8.ToArray(), new EventMeta(t0.ToUnixTimeMilliseconds())));

        h.Publish(("other", "50"u8.ToArray(), new EventMeta(t0.AddMilliseconds(999).ToUnixTimeMilliseconds())));
        Assert.Equal(0, h.Tick());
        h.Publish(("other", "50"u8.ToArray(), new EventMeta(t0.AddMilliseconds(1000).ToUnixTimeMilliseconds())));
        Assert.Equal(1, h.Tick());
        Assert.Equal(1, h.State<long>("k"));
    }

    [Fact]
    public void Apply_EventTimeMoreThanADayAhead_RejectedAndWatermarkUnmoved()
    {
        var h = TimerHarness(lateness: 0);
        var t0 = h.Time.GetUtcNow();
        h.Publish(("k", "e:1000"u8.ToArray(), new EventMeta(t0.ToUnixTimeMilliseconds())));
        var watermark = h.Runtime.WatermarkMs;

        var far = h.Publish(("k", "50"u8.ToArray(), new EventMeta(t0.AddDays(2).ToUnixTimeMilliseconds())));
        var extreme = h.Publish(("k", "50"u8.ToArray(), new EventMeta(long.MaxValue)));
        var near = h.Publish(("k", "50"u8.ToArray(), new EventMeta(t0.AddHours(23).ToUnixTimeMilliseconds())));

        Assert.Equal((0, 1), (far.Applied, far.Rejected));
        Assert.Equal((0, 1), (extreme.Applied, extreme.Rejected));
        Assert.Equal((1, 0), (near.Applied, near.Rejected));
        Assert.True(h.Runtime.WatermarkMs > watermark && h.Runtime.WatermarkMs <= t0.AddHours(23).ToUnixTimeMilliseconds(),
            $"the watermark followed the accepted event only: {h.Runtime.WatermarkMs}");
    }

    [Fact]
    public void IdlePartition_WatermarkFollowsProcessingTime()
    {
        var h = TimerHarness(lateness: 0);
        var t0 = h.Time.GetUtcNow();
        h.Publish(("k", "e:500"u8.ToArray(), new EventMeta(t0.ToUnixTimeMilliseconds())));

        h.Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, h.Tick());
        h.Time.Advance(TimeSpan.FromMilliseconds(1)); // idle for WatermarkIdleMs: watermark = now
        Assert.Equal(1, h.Tick());
    }

    [Fact]
    public void TimerInThePast_RejectsTheEvent()
    {
        var h = TimerHarness();

        Assert.Equal(1, h.PublishText(("k", "-5")).Rejected);
        Assert.Null(h.Runtime.Query("k"));
        Assert.Equal(0, h.Runtime.Timers);
    }

    [Fact]
    public void EmitToUndeclaredStream_RejectsTheEvent()
    {
        var h = TimerHarness();

        Assert.Equal(1, h.PublishText(("k", "emit:nowhere")).Rejected);
        Assert.Equal(0, h.Outbox.Pending);
        Assert.Equal(1, h.PublishText(("k", "emit:out")).Applied);
    }

    [Fact]
    public void Timers_SurviveARestart_AndFireOnce()
    {
        var h = TimerHarness();
        for (var i = 0; i < 1000; i++)
        {
            h.PublishText(($"k{i}", (100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        h.Checkpoint();
        h.Restart();
        Assert.Equal(1000, h.Runtime.Timers);

        h.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1000, h.Tick());
        Assert.Equal(0, h.Tick());
        Assert.Equal(1, h.State<long>("k999"));
    }

    [Fact]
    public void FiredTimer_NotCheckpointed_FiresAgainAfterRestart_ButItsOutputWasNeverReleased()
    {
        var h = TimerHarness();
        h.PublishText(("k", "10"));
        h.Checkpoint();
        h.Time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(1, h.Tick());

        h.Restart(); // crash before the checkpoint covering the firing

        Assert.Equal(0, h.Outbox.Pending);
        Assert.Equal(1, h.Tick());
        Assert.Equal(1, h.State<long>("k"));
    }

    [Fact]
    public void Clear_RemovesKeyAndItsTimers()
    {
        var h = TimerHarness();
        h.PublishText(("k", "100"));
        h.PublishText(("k", "clear"));

        Assert.Null(h.Runtime.Query("k"));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, h.Tick());
        Assert.Equal(0, h.Runtime.Timers);
    }

    [Fact]
    public void SubmitTask_IsWrittenBeforeItLeaves_AndItsIdIsStableAcrossReplay()
    {
        var h = TimerHarness();
        h.PublishText(("k", "task"));
        var first = h.Checkpoint().Fields.Keys.Single(f => f.StartsWith("s:", StringComparison.Ordinal));

        h.Restart();
        Assert.Equal(1, h.Outbox.Pending);
        Assert.Equal(1, h.Runtime.Query("k")!.PendingTasks);

        var h2 = TimerHarness();
        h2.PublishText(("k", "task"));
        Assert.Equal(first, h2.Checkpoint().Fields.Keys.Single(f => f.StartsWith("s:", StringComparison.Ordinal)));
    }

    [Fact]
    public void TaskFinished_RunsHandlerForTheKey()
    {
        var h = TimerHarness();
        h.PublishText(("k", "task"));

        h.Runtime.TaskFinished(Encoding.UTF8.GetBytes("k"), new TaskOutcome { SubmissionId = "x", TaskId = "q:1", Status = TaskState.Completed }, h.Time.GetUtcNow());

        Assert.Equal(1000, h.State<long>("k"));
        Assert.Equal(0, h.Runtime.Query("k")!.PendingTasks);
    }

    [Fact]
    public void RetainedOutputs_HaveDenseSequences_KeepTheLastN_AndSurviveRestart()
    {
        var h = Harness("none", retain: 3);
        for (var i = 1; i <= 5; i++)
        {
            h.PublishText(("k", $"v{i}"));
        }

        h.Checkpoint();
        h.Restart();
        var page = h.Runtime.ReadOutputs("k", 0, 100);

        Assert.Equal([3L, 4L, 5L], page.Outputs.Select(o => o.Sequence));
        Assert.Equal(["\"v3\"", "\"v4\"", "\"v5\""], page.Outputs.Select(o => o.Json));
        Assert.Equal((3, 5), (page.FirstRetained, page.Last));
        h.PublishText(("k", "v6"));
        Assert.Equal(6, h.Runtime.ReadOutputs("k", 5, 100).Outputs.Single().Sequence);
    }

    private static ProcessorHarness Harness(string processor, Action<IServiceCollection>? register = null, int retain = 0) =>
        new("s", o => o.Streams["s"] = new StreamDeclaration { Processor = processor, Buckets = 64, Partitions = 1, Retain = retain }, register);

    private static ProcessorHarness TimerHarness(long lateness = 0) => new("s", o =>
    {
        o.Streams["s"] = new StreamDeclaration { Processor = "timers", Buckets = 64, Partitions = 1, Output = "out", AllowedLatenessMs = lateness };
        o.Streams["out"] = new StreamDeclaration { Processor = "none", Buckets = 64, Partitions = 2 };
    }, s => s.AddKeyedSingleton<object, TimerProcessor>(ProcessorRegistration.ServiceKey("timers")));
}
