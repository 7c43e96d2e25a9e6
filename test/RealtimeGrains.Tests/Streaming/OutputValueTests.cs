using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Tests.Streaming;

[Trait("Tier", "Unit")]
public sealed class OutputValueTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void Read_TypedPayloadWrittenAsObject_ReturnsTheValue()
    {
        var output = Output(Serializer.SerializeToArray<object>(new List<double> { 1.5, -2 }), typed: true);

        var read = OutputValue.Read<List<double>>(output, Serializer);

        Assert.Equal([1.5, -2], read.Value);
        Assert.Equal(("s", "k", 7L), (read.Stream, read.Key, read.Sequence));
    }

    [Fact]
    public void Read_TypedPayloadAsAnotherType_ThrowsInvalidCastNamingOutputAndType()
    {
        var output = Output(Serializer.SerializeToArray<object>(42), typed: true);

        var ex = Assert.Throws<InvalidCastException>(() => OutputValue.Read<string>(output, Serializer));

        Assert.StartsWith("output 7 of key 'k' in stream 's' cannot be read as System.String", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RawPayload_ReadsAsBytesOrUtf8Text()
    {
        var output = Output(Encoding.UTF8.GetBytes("héllo"), typed: false);

        Assert.Equal("héllo", OutputValue.Read<string>(output, Serializer).Value);
        Assert.Equal(output.Payload, OutputValue.Read<byte[]>(output, Serializer).Value);
        Assert.Equal(output.Payload, OutputValue.Read<ReadOnlyMemory<byte>>(output, Serializer).Value.ToArray());
    }

    [Fact]
    public void Read_RawPayloadAsATypedValue_ThrowsInvalidCast()
    {
        var ex = Assert.Throws<InvalidCastException>(() => OutputValue.Read<int>(Output([1, 2], typed: false), Serializer));

        Assert.Equal("output 7 of key 'k' in stream 's' is a raw payload; read it as byte[], ReadOnlyMemory<byte> or string, not System.Int32", ex.Message);
    }

    private static StreamOutput Output(byte[] payload, bool typed) => new()
    {
        Stream = "s",
        Key = "k",
        Sequence = 7,
        Time = DateTimeOffset.UnixEpoch,
        Payload = payload,
        Typed = typed,
        Json = "null",
    };
}
