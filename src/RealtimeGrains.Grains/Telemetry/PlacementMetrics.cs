using System.Diagnostics.Metrics;

namespace RealtimeGrains.Telemetry;

/// <summary>Placement decisions, tagged with strategy and chosen silo (its endpoint: one series per silo across restarts, not per generation).</summary>
internal static class PlacementMetrics
{
    private static readonly Counter<long> Decisions = RealtimeGrainsTelemetry.Meter.CreateCounter<long>(
        "rtg.placement.decisions", "{activation}", "Activations placed by RealtimeGrains placement directors");

    public static void Decision(string strategy, SiloAddress silo) =>
        Decisions.Add(1, new KeyValuePair<string, object?>("strategy", strategy), new KeyValuePair<string, object?>("silo", silo.Endpoint.ToString()));
}
