using System.Collections.Concurrent;
using System.Diagnostics;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.ClusterTests.Telemetry;

/// <summary>Listens to the <c>RealtimeGrains</c> activity source, as an OpenTelemetry tracer would, and keeps every finished span.</summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _finished = new();
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RealtimeGrainsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _finished.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Finished spans of <paramref name="name"/> carrying tag <paramref name="tag"/> = <paramref name="value"/>.</summary>
    public IReadOnlyList<Activity> Named(string name, string tag, string value) =>
        [.. _finished.Where(a => a.OperationName == name && a.GetTagItem(tag) as string == value)];

    public void Dispose() => _listener.Dispose();
}
