using System.Diagnostics.Metrics;

namespace RealtimeGrains.Client.Telemetry;

/// <summary>Producer-side instruments on the client's <c>RealtimeGrains</c> meter (tag: <c>stream</c>).</summary>
internal static class ProducerMetrics
{
    public static readonly Meter Meter = new("RealtimeGrains");

    public static readonly Counter<long> BatchesSent = Meter.CreateCounter<long>("rtg.producer.batches_sent", "{batch}", "Batches sealed and sent for the first time");

    public static readonly Counter<long> BatchesResent = Meter.CreateCounter<long>("rtg.producer.batches_resent", "{batch}", "Batches sent again after a rejection, timeout or failed send");

    public static readonly Histogram<double> AckLatency = Meter.CreateHistogram<double>("rtg.producer.ack_latency", "ms", "From a batch's first event to its acknowledgement");
}
