using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RealtimeGrains.Telemetry;

/// <summary>The one meter and activity source of the silo side, both named <c>RealtimeGrains</c>.</summary>
public static class RealtimeGrainsTelemetry
{
    /// <summary>Name of the meter and the activity source.</summary>
    public const string Name = "RealtimeGrains";

    /// <summary>Orleans' own meter, exported next to ours.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>The meter every RealtimeGrains instrument is created on.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>The activity source for RealtimeGrains spans.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);
}
