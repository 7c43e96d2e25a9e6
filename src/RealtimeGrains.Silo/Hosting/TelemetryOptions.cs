using RealtimeGrains.Hosting;

namespace RealtimeGrains.Silo.Hosting;

/// <summary>Where traces and metrics go besides <c>/metrics</c> (section <c>RealtimeGrains:Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Telemetry";

    /// <summary>OTLP collector endpoint for traces and metrics; empty turns OTLP export off.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>Returns every problem with these options, formatted for an operator.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (OtlpEndpoint.Length > 0 && !Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out _))
        {
            errors.Add(OptionCheck.Error($"{Section}:OtlpEndpoint", OtlpEndpoint, "empty, or an absolute URL such as http://127.0.0.1:4317"));
        }

        return errors;
    }
}
