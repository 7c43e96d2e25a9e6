using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Scheduling;

/// <summary>Task instruments on the RealtimeGrains meter, tagged with queue and policy.</summary>
internal static class SchedulerMetrics
{
    private static readonly ConcurrentDictionary<string, (int Depth, int Running, string Policy)> _depths = new(StringComparer.Ordinal);

    private static readonly Counter<long> _submitted = RealtimeGrainsTelemetry.Meter.CreateCounter<long>("rtg.tasks.submitted", "{task}", "Tasks accepted");
    private static readonly Counter<long> _started = RealtimeGrainsTelemetry.Meter.CreateCounter<long>("rtg.tasks.started", "{attempt}", "Attempts started");
    private static readonly Counter<long> _completed = RealtimeGrainsTelemetry.Meter.CreateCounter<long>("rtg.tasks.completed", "{task}", "Tasks completed");
    private static readonly Counter<long> _failed = RealtimeGrainsTelemetry.Meter.CreateCounter<long>("rtg.tasks.failed", "{task}", "Tasks failed after their last attempt");
    private static readonly Counter<long> _retried = RealtimeGrainsTelemetry.Meter.CreateCounter<long>("rtg.tasks.retried", "{attempt}", "Failed attempts scheduled again");
    private static readonly Histogram<double> _wait = RealtimeGrainsTelemetry.Meter.CreateHistogram<double>("rtg.tasks.wait_time", "ms", "Submit to first start");
    private static readonly Histogram<double> _run = RealtimeGrainsTelemetry.Meter.CreateHistogram<double>("rtg.tasks.run_time", "ms", "Run time of completed tasks");

    static SchedulerMetrics()
    {
        // The meter keeps its instruments: the gauges need no field of their own.
        Gauge("rtg.tasks.queue_depth", d => d.Depth, "Pending tasks per queue");
        Gauge("rtg.tasks.running", d => d.Running, "Running tasks per queue");
    }

    public static void Submitted(QueueSettings settings, string queue, int count) => _submitted.Add(count, Tags(queue, settings.Policy));

    /// <summary>An attempt started; <paramref name="waitMs"/> (submit to start) is given for a task's first attempt only.</summary>
    public static void Started(QueueSettings settings, string queue, double? waitMs)
    {
        var tags = Tags(queue, settings.Policy);
        _started.Add(1, tags);
        if (waitMs is { } wait)
        {
            _wait.Record(wait, tags);
        }
    }

    public static void Completed(QueueSettings settings, string queue, double runMs)
    {
        var tags = Tags(queue, settings.Policy);
        _completed.Add(1, tags);
        _run.Record(runMs, tags);
    }

    public static void Failed(QueueSettings settings, string queue) => _failed.Add(1, Tags(queue, settings.Policy));

    public static void Retried(QueueSettings settings, string queue) => _retried.Add(1, Tags(queue, settings.Policy));

    public static void Depth(QueueSettings settings, string queue, int depth, int running) => _depths[queue] = (depth, running, settings.Policy);

    public static void Forget(string queue) => _depths.TryRemove(queue, out _);

    /// <summary>A gauge of one value per queue, tagged like the other instruments.</summary>
    private static void Gauge(string name, Func<(int Depth, int Running, string Policy), int> value, string description) =>
        RealtimeGrainsTelemetry.Meter.CreateObservableGauge(name, () => _depths.Select(d => new Measurement<int>(value(d.Value), Tags(d.Key, d.Value.Policy))), "{task}", description);

    private static TagList Tags(string queue, string policy) => new() { { "queue", queue }, { "policy", policy } };
}
