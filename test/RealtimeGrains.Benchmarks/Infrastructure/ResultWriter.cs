using System.Text.Json;

namespace RealtimeGrains.Benchmarks.Infrastructure;

/// <summary>Prints a result as JSON (<c>--json</c>) or as the markdown table the README shows.</summary>
internal static class ResultWriter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write<T>(T result, bool json, string markdown) =>
        Console.WriteLine(json ? JsonSerializer.Serialize(result, Options) : markdown);
}
