using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealtimeGrains.Speech.Client;

namespace RealtimeGrains.Cli.Output;

/// <summary>How <c>rtg speech</c> prints results: a line per result, or with <c>--json</c> a JSON line per file and a summary.</summary>
internal static class SpeechOutputFormat
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>file #n start-end s "text" confidence c latency l ms</c>, or <c>(unrecognized)</c> for the text.</summary>
    public static string Line(string file, SessionResult result)
    {
        var r = result.Result;
        var text = r.Recognized ? $"\"{r.Text}\" confidence {Format.Number(r.Confidence, "0.00")}" : "(unrecognized)";
        return string.Create(CultureInfo.InvariantCulture,
            $"{file} #{r.Utterance} {r.StartMs / 1000.0:0.00}-{r.EndMs / 1000.0:0.00} s {text} latency {Format.Number(result.LatencyMs, "0")} ms");
    }

    /// <summary>One line: the file, its session, its text, confidence and latency, and each utterance.</summary>
    public static string JsonLine(SpeechReport report) => new JsonObject
    {
        ["file"] = report.File,
        ["session"] = report.Session,
        ["text"] = report.Text,
        ["confidence"] = Round(report.Confidence, 3),
        ["latencyMs"] = Round(report.LatencyMs, 1),
        ["utterances"] = new JsonArray([.. report.Results.OrderBy(r => r.Result.Utterance).Select(Utterance)]),
    }.ToJsonString(Compact);

    /// <summary>One line: <c>{"summary": {...}}</c>.</summary>
    public static string JsonLine(SpeechSummary summary) => new JsonObject
    {
        ["summary"] = new JsonObject
        {
            ["sessions"] = summary.Sessions,
            ["utterances"] = summary.Utterances,
            ["recognized"] = summary.Recognized,
            ["p50LatencyMs"] = Round(summary.P50LatencyMs, 1),
            ["p99LatencyMs"] = Round(summary.P99LatencyMs, 1),
            ["maxLatencyMs"] = Round(summary.MaxLatencyMs, 1),
        },
    }.ToJsonString(Compact);

    /// <summary><c>N sessions, U utterances, R recognized; latency p50 x ms, p99 y ms</c>.</summary>
    public static string Line(SpeechSummary summary) => string.Create(CultureInfo.InvariantCulture,
        $"{summary.Sessions} sessions, {summary.Utterances} utterances, {summary.Recognized} recognized; latency p50 {Format.Number(summary.P50LatencyMs, "0")} ms, p99 {Format.Number(summary.P99LatencyMs, "0")} ms");

    private static JsonObject Utterance(SessionResult result) => new()
    {
        ["utterance"] = result.Result.Utterance,
        ["recognized"] = result.Result.Recognized,
        ["text"] = result.Result.Text,
        ["confidence"] = Round(result.Result.Confidence, 3),
        ["startMs"] = result.Result.StartMs,
        ["endMs"] = result.Result.EndMs,
        ["end"] = JsonNamingPolicy.CamelCase.ConvertName(result.Result.End.ToString()),
        ["latencyMs"] = Round(result.LatencyMs, 1),
        ["serviceLatencyMs"] = Round(result.Result.LatencyMs, 1),
        ["decodeMs"] = Round(result.Result.DecodeMs, 1),
    };

    private static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;
}
