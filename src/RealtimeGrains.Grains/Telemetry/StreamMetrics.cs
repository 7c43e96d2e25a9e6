using System.Diagnostics.Metrics;

namespace RealtimeGrains.Telemetry;

/// <summary>Partition-side instruments of the event path (tag: <c>stream</c>).</summary>
internal static class StreamMetrics
{
    public static readonly Counter<long> EventsApplied = RealtimeGrainsTelemetry.Meter.CreateCounter<long>(
        "rtg.stream.events_applied", "{event}", "Events applied to per-key state");

    public static readonly Counter<long> BatchesReceived = RealtimeGrainsTelemetry.Meter.CreateCounter<long>(
        "rtg.stream.batches_received", "{batch}", "Batches received by partition grains, valid or not");

    public static readonly Histogram<long> BatchHops = RealtimeGrainsTelemetry.Meter.CreateHistogram(
        "rtg.stream.batch_hops", "{hop}", "Per producer batch acknowledged through a silo's ingress, the silo boundaries it crossed after the gateway (0: its partition lives on the gateway silo)",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [0, 1, 2] });

    public static readonly Counter<long> CrcFailures = RealtimeGrainsTelemetry.Meter.CreateCounter<long>(
        "rtg.stream.crc_failures", "{batch}", "Batches refused because their CRC did not match");

    public static readonly Counter<long> Malformed = RealtimeGrainsTelemetry.Meter.CreateCounter<long>(
        "rtg.stream.malformed_batches", "{batch}", "Batches refused as malformed or misaddressed");

    public static readonly Counter<long> DuplicatesDropped = RealtimeGrainsTelemetry.Meter.CreateCounter<long>(
        "rtg.stream.duplicates_dropped", "{batch}", "Batches already applied, dropped and acknowledged again");

    public static readonly Histogram<double> CheckpointDuration = RealtimeGrainsTelemetry.Meter.CreateHistogram<double>(
        "rtg.stream.checkpoint.duration", "ms", "Time to write a partition checkpoint");

    public static readonly Histogram<long> CheckpointBytes = RealtimeGrainsTelemetry.Meter.CreateHistogram<long>(
        "rtg.stream.checkpoint.bytes", "By", "Bytes one partition checkpoint writes (changed keys, compacted segments, producer windows, counters)");

    public static readonly Histogram<double> AckDelay = RealtimeGrainsTelemetry.Meter.CreateHistogram<double>(
        "rtg.stream.ack_delay", "ms", "Per checkpoint, how long its oldest batch waited between being applied and acknowledged");

    public static readonly Counter<long> KeysExpired = RealtimeGrainsTelemetry.Meter.CreateCounter<long>(
        "rtg.stream.keys_expired", "{key}", "Keys removed because they were not updated for the stream's KeyTtlMs");

    public static readonly Histogram<long> TimerLag = RealtimeGrainsTelemetry.Meter.CreateHistogram<long>(
        "rtg.processor.timer.lag", "ms", "How late processing-time timers fire after their due time");

    public static readonly Counter<long> EventsRejected = RealtimeGrainsTelemetry.Meter.CreateCounter<long>(
        "rtg.processor.events_rejected", "{event}", "Events a processor refused (wrong type, bad payload, failed call)");

    public static readonly Counter<long> OutputsRetained = RealtimeGrainsTelemetry.Meter.CreateCounter<long>(
        "rtg.stream.outputs_retained", "{event}", "Events retained for subscribers");
}
