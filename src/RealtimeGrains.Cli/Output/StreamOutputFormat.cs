using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Cli.Output;

/// <summary>How outputs and key states look on the command line.</summary>
internal static class StreamOutputFormat
{
    // A terminal is not an HTML page: keep '+', '<', quotes in text and non-ASCII letters as they are.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>key seq time json</c> on one line.</summary>
    public static string Line(StreamOutput output) =>
        string.Join(' ', output.Key, output.Sequence.ToString(CultureInfo.InvariantCulture), Time(output.Time), Value(output.Json)?.ToJsonString(Compact) ?? "null");

    /// <summary>One JSON object on one line: stream, key, sequence, time, typed and the value as JSON.</summary>
    public static string JsonLine(StreamOutput output) => new JsonObject
    {
        ["stream"] = output.Stream,
        ["key"] = output.Key,
        ["sequence"] = output.Sequence,
        ["time"] = Time(output.Time),
        ["typed"] = output.Typed,
        ["value"] = Value(output.Json),
    }.ToJsonString(Compact);

    /// <summary>UTC, ISO 8601, milliseconds.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The silo's JSON rendering as a node (null for JSON null; compact when written); text that is not JSON becomes a JSON string.</summary>
    public static JsonNode? Value(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
