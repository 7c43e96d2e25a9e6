using RealtimeGrains.Speech.Client.Audio;

namespace RealtimeGrains.Tests.Speech.Client;

[Trait("Tier", "Unit")]
public sealed class WavFileTests
{
    [Fact]
    public void Parse_Pcm16Mono16k_KeepsSamplesExactly()
    {
        var file = WavBytes.Pcm(16_000, 1, 16, WavBytes.Int16(0, 1, -1, short.MaxValue, short.MinValue)).Build();

        var audio = WavFile.Parse(file, "a.wav");

        Assert.Equal([0, 1, -1, short.MaxValue, short.MinValue], audio.Samples);
        Assert.Equal(new WavEncoding(1, 1, 16_000, 16, 2), audio.Source);
    }

    [Fact]
    public void Parse_Pcm8Unsigned_CentresOn128()
    {
        var audio = WavFile.Parse(WavBytes.Pcm(16_000, 1, 8, [128, 0, 255, 192]).Build(), "a.wav");

        Assert.Equal([0, -32768, 32512, 16384], audio.Samples);
    }

    [Fact]
    public void Parse_Pcm24_SignExtendsAndKeepsTheTop16Bits()
    {
        byte[] data = [0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F, 0x00, 0x01, 0x00];

        var audio = WavFile.Parse(WavBytes.Pcm(16_000, 1, 24, data).Build(), "a.wav");

        Assert.Equal([short.MinValue, short.MaxValue, 1], audio.Samples);
    }

    [Fact]
    public void Parse_Pcm32Integer_KeepsTheTop16Bits()
    {
        byte[] data = [0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x80];

        var audio = WavFile.Parse(WavBytes.Pcm(16_000, 1, 32, data).Build(), "a.wav");

        Assert.Equal([16384, short.MinValue], audio.Samples);
    }

    [Fact]
    public void Parse_Float32_ScalesAndClipsAndZeroesNaN()
    {
        var file = new WavBytes().Format(3, 16_000, 1, 32).Chunk("data", WavBytes.Float32(0.5f, -0.25f, 2f, float.NaN)).Build();

        var audio = WavFile.Parse(file, "a.wav");

        Assert.Equal([16384, -8192, short.MaxValue, 0], audio.Samples);
    }

    [Fact]
    public void Parse_ExtensibleFloatStereo_ResolvesTheSubFormatAndMixesToMono()
    {
        var file = new WavBytes().Format(0, 16_000, 2, 32, extensibleSubFormat: 3).Chunk("data", WavBytes.Float32(0.5f, 0.25f, -0.5f, 0.5f)).Build();

        var audio = WavFile.Parse(file, "a.wav");

        Assert.Equal(3, audio.Source.FormatCode);
        Assert.Equal([12288, 0], audio.Samples);
    }

    [Fact]
    public void Parse_UnknownChunksAroundFmtWithOddSize_AreSkipped()
    {
        var file = new WavBytes()
            .Chunk("LIST", [1, 2, 3])
            .Format(1, 16_000, 1, 16)
            .Chunk("fact", [4, 0, 0, 0])
            .Chunk("data", WavBytes.Int16(7, -7))
            .Build();

        Assert.Equal([7, -7], WavFile.Parse(file, "a.wav").Samples);
    }

    [Fact]
    public void Parse_PartialLastBlock_IsDropped()
    {
        var audio = WavFile.Parse(WavBytes.Pcm(16_000, 1, 16, [1, 0, 2]).Build(), "a.wav");

        Assert.Equal([1], audio.Samples);
    }

    [Fact]
    public void Parse_Empty_SaysEmpty()
    {
        var error = Assert.Throws<WavFormatException>(() => WavFile.Parse(Array.Empty<byte>(), "empty.wav"));

        Assert.Equal("file empty.wav is empty (0 bytes)", error.Message);
        Assert.Equal("empty.wav", error.Path);
    }

    [Fact]
    public void Parse_NotRiff_SaysNotAWav()
    {
        var error = Assert.Throws<WavFormatException>(() => WavFile.Parse("ID3\u0004 an mp3, really"u8.ToArray(), "song.mp3"));

        Assert.Equal("file song.mp3 is not a WAV file (no RIFF/WAVE header)", error.Message);
    }

    [Fact]
    public void Parse_EmptyDataChunk_SaysNoSamples()
    {
        var error = Assert.Throws<WavFormatException>(() => WavFile.Parse(WavBytes.Pcm(16_000, 1, 16, []).Build(), "silent.wav"));

        Assert.Equal("file silent.wav has no samples (its data chunk is empty)", error.Message);
    }

    [Fact]
    public void Parse_NoDataChunk_SaysNoSamples()
    {
        var error = Assert.Throws<WavFormatException>(() => WavFile.Parse(new WavBytes().Format(1, 16_000, 1, 16).Build(), "a.wav"));

        Assert.Equal("file a.wav has no data chunk, so no samples", error.Message);
    }

    [Theory]
    [InlineData(7, 8, "µ-law")]
    [InlineData(2, 4, "Microsoft ADPCM")]
    [InlineData(0x11, 4, "IMA ADPCM")]
    public void Parse_CompressedEncoding_NamesTheCodeAndWhatIsSupported(int code, int bits, string name)
    {
        var file = new WavBytes().Format(code, 8_000, 1, bits).Chunk("data", new byte[100]).Build();

        var error = Assert.Throws<WavFormatException>(() => WavFile.Parse(file, "phone.wav"));

        Assert.Equal(
            $"file phone.wav uses format code {code} ({name}) with {bits} bits per sample, which is not supported; supported: {WavEncoding.SupportedDescription}",
            error.Message);
    }

    [Fact]
    public void Parse_Float64_IsUnsupported()
    {
        var file = new WavBytes().Format(3, 16_000, 1, 64).Chunk("data", new byte[16]).Build();

        var error = Assert.Throws<WavFormatException>(() => WavFile.Parse(file, "a.wav"));

        Assert.StartsWith("file a.wav uses format code 3 (IEEE float) with 64 bits per sample, which is not supported", error.Message);
    }

    [Fact]
    public void Parse_DataChunkLongerThanTheFile_SaysTruncated()
    {
        var file = WavBytes.Pcm(16_000, 1, 16, WavBytes.Int16(1, 2, 3)).Build(declaredDataSize: 1000);

        var error = Assert.Throws<WavFormatException>(() => WavFile.Parse(file, "cut.wav"));

        Assert.Equal("file cut.wav has a truncated data chunk: it declares 1000 bytes but only 6 follow", error.Message);
    }

    [Fact]
    public void Read_MissingFile_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rtg-missing-{Guid.NewGuid():N}.wav");

        var error = Assert.Throws<WavFormatException>(() => WavFile.Read(path));

        Assert.StartsWith($"file {path} cannot be read: ", error.Message);
    }

    [Fact]
    public void Read_FileOnDisk_ConvertsIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rtg-{Guid.NewGuid():N}.wav");
        File.WriteAllBytes(path, WavBytes.Pcm(16_000, 1, 16, WavBytes.Int16(5, 6)).Build());
        try
        {
            Assert.Equal([5, 6], WavFile.Read(path).Samples);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
