using RealtimeGrains.Speech;
using RealtimeGrains.Speech.Client.Sessions;

namespace RealtimeGrains.Tests.Speech.Client;

[Trait("Tier", "Unit")]
public sealed class FramingTests
{
    private static readonly int[] Pieces = [1, 318, 2, 400, 279];

    [Fact]
    public void Append_LessThanAFrame_KeepsItPending()
    {
        var cutter = new FrameCutter();

        Assert.Empty(cutter.Append(new short[319]));
        Assert.Equal(319, cutter.Pending);
    }

    [Fact]
    public void Append_ManyLengths_GivesTheSameFramesAsOneAppend()
    {
        var samples = Enumerable.Range(0, 1_000).Select(i => (short)(i * 31)).ToArray();
        var whole = new FrameCutter();
        var pieces = new FrameCutter();

        var expected = whole.Append(samples);
        var actual = Pieces.Aggregate((At: 0, Frames: new List<byte[]>()), (acc, length) =>
        {
            acc.Frames.AddRange(pieces.Append(samples.AsSpan(acc.At, length)));
            return (acc.At + length, acc.Frames);
        }).Frames;

        Assert.Equal(3, expected.Count);
        Assert.All(expected, f => Assert.Equal(SpeechFormat.FrameBytes, f.Length));
        Assert.Equal(expected, actual);
        Assert.Equal(whole.TakeRemainder(), pieces.TakeRemainder());
    }

    [Fact]
    public void Append_Samples_AreLittleEndian16Bit()
    {
        var cutter = new FrameCutter();
        var samples = new short[SpeechFormat.FrameSamples];
        samples[0] = 0x1234;
        samples[1] = -2;

        var frame = Assert.Single(cutter.Append(samples));

        Assert.Equal([0x34, 0x12, 0xFE, 0xFF], frame[..4]);
    }

    [Fact]
    public void TakeRemainder_PartialFrame_ReturnsItOnceThenNull()
    {
        var cutter = new FrameCutter();
        cutter.Append(new short[SpeechFormat.FrameSamples + 20]);

        Assert.Equal(40, cutter.TakeRemainder()!.Length);
        Assert.Null(cutter.TakeRemainder());
        Assert.Equal(0, cutter.Pending);
    }
}
