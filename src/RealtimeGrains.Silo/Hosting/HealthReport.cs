using System.Text.Json.Serialization;

namespace RealtimeGrains.Silo.Hosting;

/// <summary>Body of <c>/healthz</c>.</summary>
public sealed record HealthReport(string Status, string? SiloName, string? Silo);

[JsonSerializable(typeof(HealthReport))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class SiloHostJsonContext : JsonSerializerContext;
