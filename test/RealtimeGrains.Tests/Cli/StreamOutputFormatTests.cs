using RealtimeGrains.Cli.Output;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Tests.Cli;

[Trait("Tier", "Unit")]
public sealed class StreamOutputFormatTests
{
    [Fact]
    public void Line_JsonValue_KeySequenceUtcTimeAndCompactJson()
    {
        var line = StreamOutputFormat.Line(Output("{\n  \"p99\": 12.5,\n  \"count\": 3\n}"));

        Assert.Equal("host-1 17 2026-01-02T03:04:05.678Z {\"p99\":12.5,\"count\":3}", line);
    }

    [Fact]
    public void JsonLine_ValueEmbeddedAsJson_OneObjectOnOneLine()
    {
        var line = StreamOutputFormat.JsonLine(Output("[1,2]"));

        Assert.Equal("{\"stream\":\"metrics-1s\",\"key\":\"host-1\",\"sequence\":17,\"time\":\"2026-01-02T03:04:05.678Z\",\"typed\":true,\"value\":[1,2]}", line);
    }

    [Fact]
    public void Line_EscapedCharactersInTheSilosJson_WrittenPlain()
    {
        var line = StreamOutputFormat.Line(Output("{\"end\":\"2026-01-02T03:04:05\\u002B00:00\",\"host\":\"b\\u00E9ta\"}"));

        Assert.EndsWith("{\"end\":\"2026-01-02T03:04:05+00:00\",\"host\":\"béta\"}", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_TextThatIsNotJson_BecomesAJsonString()
    {
        Assert.Equal("\"not json\"", StreamOutputFormat.Value("not json")!.ToJsonString());
        Assert.Null(StreamOutputFormat.Value("null"));
    }

    private static StreamOutput Output(string json) => new()
    {
        Stream = "metrics-1s",
        Key = "host-1",
        Sequence = 17,
        Time = new DateTimeOffset(2026, 1, 2, 4, 4, 5, 678, TimeSpan.FromHours(1)),
        Payload = [],
        Typed = true,
        Json = json,
    };
}
