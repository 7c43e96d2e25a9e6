using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.Processing;
using RealtimeGrains.Streaming.Processors;
using RealtimeGrains.Streaming.Windows;

namespace RealtimeGrains.Tests.Streaming.Processing;

public sealed class WindowProcessorTests
{
    private static readonly string[] Aggregates = ["count", "sum", "min", "max", "mean", "p99"];

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TumblingWindow_ClosesWhenWatermarkPassesItsEnd_AndEmitsAggregates()
    {
        var h = Harness(lateness: 0);
        At(h, "host-1", 100, "10");
        At(h, "host-1", 200, "30");
        At(h, "host-1", 900, "20");
        Assert.Empty(Results(h));

        At(h, "host-1", 1_000, "5"); // watermark reaches 1000: [0, 1000) closes
        var result = Assert.Single(Results(h)).Value;

        Assert.Equal(("host-1", 3L, 60.0, 10.0, 30.0, 20.0), (result.Key, result.Count, result.Sum, result.Min, result.Max, result.Mean));
        Assert.Equal(20, result.P99!.Value, 0.2); // the lower nearest rank of 3 values: the 2nd
        Assert.Equal(T0, result.WindowStart);
        Assert.Equal(T0.AddSeconds(1), result.WindowEnd);
    }

    [Fact]
    public void LateEvent_IsCountedAndSentToTheSideOutput_AndChangesNoResult()
    {
        var h = Harness(lateness: 0);
        At(h, "k", 100, "1");
        At(h, "k", 2_500, "1"); // closes [0,1000) and [1000,2000)

        var late = At(h, "k", 500, "99");

        Assert.Equal(1, late.Late);
        h.Checkpoint();
        Assert.Equal([("k", 99.0)], h.Emitted<double>("late"));
        Assert.Single(Results(h));
    }

    [Fact]
    public void AllowedLateness_KeepsWindowsOpenForLateEvents()
    {
        var h = Harness(lateness: 500);
        At(h, "k", 100, "1");
        At(h, "k", 1_200, "1"); // watermark 700: [0,1000) still open
        At(h, "k", 600, "1");   // not late
        At(h, "k", 1_600, "1"); // watermark 1100: closes [0,1000)

        Assert.Equal(2, Assert.Single(Results(h)).Value.Count);
    }

    [Fact]
    public void IdlePartition_ClosesTheLastWindow_OnProcessingTime()
    {
        var h = Harness(lateness: 0);
        At(h, "k", 100, "4");
        h.Time.Advance(TimeSpan.FromMilliseconds(1_000)); // idle: watermark follows processing time

        h.Tick();

        Assert.Equal(4, Assert.Single(Results(h)).Value.Sum);
        Assert.Null(h.Runtime.Query("k")); // nothing left open: the key is cleared
    }

    [Fact]
    public void Query_RendersOpenWindowsAsJson()
    {
        var h = Harness(lateness: 0);
        At(h, "k", 100, "4");

        var view = h.Runtime.Query("k")!;

        Assert.Contains("\"OpenWindows\":1", view.Json, StringComparison.Ordinal);
        Assert.Equal(1, view.Timers);
    }

    [Fact]
    public void NonNumber_IsRejected()
    {
        var h = Harness(lateness: 0);

        Assert.Equal(1, At(h, "k", 100, "fast").Rejected);
        Assert.Null(h.Runtime.Query("k"));
    }

    [Fact]
    public void OpenWindows_SurviveARestart()
    {
        var h = Harness(lateness: 0);
        At(h, "k", 100, "7");
        At(h, "k", 200, "8");
        h.Checkpoint();
        h.Restart();

        At(h, "k", 1_000, "1");

        Assert.Equal(15, Assert.Single(Results(h)).Value.Sum);
    }

    [Fact]
    public void Threshold_EmitsAnAlertWhenP99CrossesAndWhenItComesBack()
    {
        var h = new ProcessorHarness("metrics-1s", o =>
        {
            o.Streams["metrics-1s"] = new StreamDeclaration { Processor = "threshold", Buckets = 64, Partitions = 1, Output = "alerts", Settings = { ["Field"] = "P99", ["Above"] = "100" } };
            o.Streams["alerts"] = new StreamDeclaration { Processor = "none", Buckets = 64, Partitions = 1 };
        });
        foreach (var p99 in new[] { 50.0, 150, 180, 90, 95 })
        {
            h.PublishTyped("host-1", new WindowResult { Key = "host-1", WindowStart = T0, WindowEnd = T0.AddSeconds(1), Count = 1, P99 = p99 });
        }

        h.Checkpoint();
        var alerts = h.Emitted<Alert>("alerts");

        Assert.Equal([(150.0, true), (90.0, false)], alerts.Select(a => (a.Value.Value, a.Value.Raised)));
    }

    private static ApplyResult At(ProcessorHarness h, string key, long offsetMs, string value) =>
        h.Publish((key, System.Text.Encoding.UTF8.GetBytes(value), new EventMeta(T0.AddMilliseconds(offsetMs).ToUnixTimeMilliseconds())));

    private static List<(string Key, WindowResult Value)> Results(ProcessorHarness h)
    {
        h.Checkpoint();
        return h.Emitted<WindowResult>("metrics-1s");
    }

    private static ProcessorHarness Harness(long lateness)
    {
        var h = new ProcessorHarness("metrics", o =>
        {
            var window = new WindowDeclaration { SizeMs = 1_000, AllowedLatenessMs = lateness, LateOutput = "late" };
            foreach (var aggregate in Aggregates)
            {
                window.Aggregates.Add(aggregate);
            }

            o.Streams["metrics"] = new StreamDeclaration { Processor = "window", Buckets = 64, Partitions = 1, Output = "metrics-1s", Window = window };
            o.Streams["metrics-1s"] = new StreamDeclaration { Processor = "none", Buckets = 64, Partitions = 1 };
            o.Streams["late"] = new StreamDeclaration { Processor = "none", Buckets = 64, Partitions = 1 };
        });
        h.Time.SetUtcNow(T0);
        return h;
    }
}
