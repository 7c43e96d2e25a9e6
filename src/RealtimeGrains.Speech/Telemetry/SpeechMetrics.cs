using System.Diagnostics.Metrics;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Speech.Telemetry;

/// <summary>Speech instruments on the RealtimeGrains meter (tag <c>result</c>: recognized, rejected, error).</summary>
internal static class SpeechMetrics
{
    private static readonly Histogram<double> Latency = RealtimeGrainsTelemetry.Meter.CreateHistogram<double>(
        "rtg.speech.latency", "ms", "From the arrival of an utterance's last voiced frame at its partition to its result");

    private static readonly Histogram<double> Decode = RealtimeGrainsTelemetry.Meter.CreateHistogram<double>(
        "rtg.speech.decode.duration", "ms", "Time the decoder spent on one utterance");

    public static void Result(double latencyMs, bool? recognized) =>
        Latency.Record(latencyMs, new KeyValuePair<string, object?>("result", recognized switch { true => "recognized", false => "rejected", null => "error" }));

    public static void Decoded(double decodeMs, bool recognized) =>
        Decode.Record(decodeMs, new KeyValuePair<string, object?>("result", recognized ? "recognized" : "rejected"));
}
