using System.Text.Json;
using System.Text.Json.Serialization;

namespace RealtimeGrains.Cli.Output;

/// <summary>The JSON shape every <c>--json</c> output uses: camelCase, indented, nulls kept.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void Write<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, Options));
}
