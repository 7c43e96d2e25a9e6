using System.Text;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.Processors;

namespace RealtimeGrains.Tests.Streaming;

public sealed class EventApplierTests
{
    [Fact]
    public void Apply_Count_CountsPerKeyIncludingUnicodeAndLongKeys()
    {
        var keys = new Dictionary<string, KeyState>(StringComparer.Ordinal);
        var longKey = new string('k', 900);

        var (applied, rejected) = EventApplier.Apply(keys, Pack(("a", "1"), ("ключ", "1"), ("a", "1"), (longKey, "1")), new CountProcessor());

        Assert.Equal((4, 0), (applied, rejected));
        Assert.Equal(2, keys["a"].Count);
        Assert.Equal(1, keys["ключ"].Count);
        Assert.Equal(1, keys[longKey].Count);
    }

    [Fact]
    public void Apply_SumWithBadNumber_RejectsOnlyThatEventAndCreatesNoKeyForIt()
    {
        var keys = new Dictionary<string, KeyState>(StringComparer.Ordinal);

        var result = EventApplier.Apply(keys, Pack(("x", "2.5"), ("x", "oops"), ("y", "NaN"), ("x", "1e1")), new SumProcessor());

        Assert.Equal((2, 2), result);
        Assert.Equal(12.5, keys["x"].Number);
        Assert.Equal(2, keys["x"].Count);
        Assert.False(keys.ContainsKey("y"));
    }

    private static byte[] Pack(params (string Key, string Payload)[] events)
    {
        var writer = new EventWriter();
        foreach (var (key, payload) in events)
        {
            writer.Append(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(payload));
        }

        return writer.ToArray();
    }
}
