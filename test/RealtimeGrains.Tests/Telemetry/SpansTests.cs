using RealtimeGrains.Scheduling;
using RealtimeGrains.Streaming;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Tests.Telemetry;

public sealed class SpansTests
{
    [Fact]
    public void Start_NobodyListens_CreatesNoSpan()
    {
        var batch = new StreamBatch { Stream = "events", ProducerId = Guid.NewGuid(), Sequence = 1, Partition = 0, Count = 0, Events = [] };
        var run = new TaskRun { TaskId = "q/1", Queue = "q", Spec = new TaskSpec { Handler = "echo" }, Attempt = 1 };

        Assert.False(RealtimeGrainsTelemetry.ActivitySource.HasListeners());
        Assert.Null(Spans.StartBatch("events", 0, batch));
        Assert.Null(Spans.StartAttempt(run));
    }
}
