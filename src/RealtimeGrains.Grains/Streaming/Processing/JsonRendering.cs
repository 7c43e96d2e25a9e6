using System.Text;
using System.Text.Json;
using Orleans.Serialization;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>States and payloads as JSON for people (<c>rtg query</c>, <c>rtg watch</c>).</summary>
internal static class JsonRendering
{
    private static readonly JsonSerializerOptions Options = new() { IncludeFields = true };

    public static string Value<T>(T value)
    {
        try
        {
            return value is byte[] bytes ? Raw(bytes) : JsonSerializer.Serialize(value, value?.GetType() ?? typeof(T), Options);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            return JsonSerializer.Serialize(new { unrenderable = typeof(T).Name, error = ex.Message });
        }
    }

    /// <summary>A typed payload decoded and rendered; a raw one as a JSON string (UTF-8 text, else base64).</summary>
    public static string Payload(Serializer serializer, byte[] payload, bool typed)
    {
        if (!typed)
        {
            return Raw(payload);
        }

        try
        {
            return Value(serializer.Deserialize<object>(payload));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return JsonSerializer.Serialize(new { undecodable = Convert.ToBase64String(payload), error = ex.Message });
        }
    }

    private static string Raw(byte[] bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes)
            ? JsonSerializer.Serialize(Encoding.UTF8.GetString(bytes))
            : JsonSerializer.Serialize(new { base64 = Convert.ToBase64String(bytes) });
}
