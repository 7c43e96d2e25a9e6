using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace RealtimeGrains.Speech.Recognition;

/// <summary>
/// The result of a recognition task as the scheduler keeps it: UTF-8 JSON, so <c>rtg task show</c> prints it
/// readably (<c>{"recognized":true,"text":"open the door","confidence":0.93,"decodeMs":41.2,"hypothesis":"..."}</c>).
/// </summary>
internal static class RecognitionWire
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static byte[] Write(Recognition recognition) => JsonSerializer.SerializeToUtf8Bytes(recognition, Json);

    public static bool TryRead(byte[]? result, [NotNullWhen(true)] out Recognition? recognition)
    {
        recognition = null;
        if (result is not { Length: > 0 })
        {
            return false;
        }

        try
        {
            recognition = JsonSerializer.Deserialize<Recognition>(result, Json);
            return recognition is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
