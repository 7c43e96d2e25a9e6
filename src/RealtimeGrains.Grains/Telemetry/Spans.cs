using System.Diagnostics;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Telemetry;

/// <summary>
/// Spans on the <c>RealtimeGrains</c> activity source: one per batch a partition grain processes, one per task attempt.
/// Each start returns null when nobody listens (or the sampler drops it), so an unobserved silo pays one check.
/// </summary>
internal static class Spans
{
    public const string BatchName = "rtg.stream.batch";

    public const string AttemptName = "rtg.task.attempt";

    public static Activity? StartBatch(string stream, int partition, StreamBatch batch)
    {
        if (!RealtimeGrainsTelemetry.ActivitySource.HasListeners() || RealtimeGrainsTelemetry.ActivitySource.StartActivity(BatchName, ActivityKind.Consumer) is not { } span)
        {
            return null;
        }

        if (span.IsAllDataRequested)
        {
            span.SetTag("rtg.stream", stream);
            span.SetTag("rtg.partition", partition);
            span.SetTag("rtg.batch.events", batch.Count);
            span.SetTag("rtg.producer", batch.ProducerId.ToString());
            span.SetTag("rtg.batch.sequence", batch.Sequence);
        }

        return span;
    }

    /// <summary>Ends a batch span: <paramref name="outcome"/> is <c>applied</c>, <c>duplicate</c> or the rejection reason.</summary>
    public static void EndBatch(Activity? span, string outcome, bool rejected)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag("rtg.outcome", outcome);
        if (rejected)
        {
            span.SetStatus(ActivityStatusCode.Error, outcome);
        }

        span.Dispose();
    }

    public static Activity? StartAttempt(TaskRun run)
    {
        if (!RealtimeGrainsTelemetry.ActivitySource.HasListeners() || RealtimeGrainsTelemetry.ActivitySource.StartActivity(AttemptName, ActivityKind.Internal) is not { } span)
        {
            return null;
        }

        if (span.IsAllDataRequested)
        {
            span.SetTag("rtg.queue", run.Queue);
            span.SetTag("rtg.handler", run.Spec.Handler);
            span.SetTag("rtg.task.id", run.TaskId);
            span.SetTag("rtg.attempt", run.Attempt);
            span.SetTag("rtg.task.submitted_at", run.SubmittedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            span.SetTag("rtg.task.wait_ms", (run.StartedAt - run.SubmittedAt).TotalMilliseconds);
        }

        return span;
    }

    /// <summary>Ends an attempt span with its state (<c>Completed</c>, <c>Failed</c>, <c>Pending</c> for a retry) and error.</summary>
    public static void EndAttempt(Activity? span, TaskState state, string? error)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag("rtg.outcome", state.ToString());
        if (error is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, error);
        }

        span.Dispose();
    }
}
