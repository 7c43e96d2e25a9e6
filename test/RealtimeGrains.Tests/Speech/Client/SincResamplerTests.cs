using RealtimeGrains.Speech.Client.Audio;

namespace RealtimeGrains.Tests.Speech.Client;

[Trait("Tier", "Unit")]
public sealed class SincResamplerTests
{
    [Fact]
    public void Parse_Sine1kHzAt44k1Stereo_IsA1kHzSineAt16kWithTheSameDuration()
    {
        var sine = WavBytes.Sine(1_000, 44_100, 1.0);
        var stereo = sine.SelectMany(s => new[] { s, s }).ToArray();
        var file = new WavBytes().Format(3, 44_100, 2, 32).Chunk("data", WavBytes.Float32(stereo)).Build();

        var audio = WavFile.Parse(file, "tone.wav");

        Assert.Equal(16_000, audio.Samples.Length);
        Assert.Equal(TimeSpan.FromSeconds(1), audio.Duration);
        var middle = audio.Samples.AsSpan(1_000, 14_000).ToArray().Select(s => s / 32768.0).ToArray();
        Assert.InRange(Amplitude(middle, 1_000, 16_000), 0.49, 0.51);
        Assert.InRange(Amplitude(middle, 3_000, 16_000), 0, 0.001);
        Assert.InRange(Rms(Residual(middle, 1_000, 16_000)), 0, 0.005);
    }

    [Theory]
    [InlineData(44_100, 10_000)]
    [InlineData(44_100, 12_000)]
    [InlineData(48_000, 9_000)]
    [InlineData(48_000, 15_000)]
    public void Resample_ToneAbove8kHz_IsSuppressedInsteadOfAliased(int rate, double hz)
    {
        var output = new SincResampler(rate, 16_000).Resample(WavBytes.Sine(hz, rate, 0.5));

        // Away from the edges, what is left of a 0.5 amplitude tone is below -60 dB of it.
        Assert.InRange(Rms(output.AsSpan(500, output.Length - 1_000).ToArray().Select(s => (double)s).ToArray()), 0, 0.5 / Math.Sqrt(2) / 1000);
    }

    [Fact]
    public void Resample_Constant_StaysConstant()
    {
        var output = new SincResampler(48_000, 16_000).Resample(Enumerable.Repeat(0.25f, 4_800).ToArray());

        Assert.Equal(1_600, output.Length);
        Assert.All(output.AsSpan(100, 1_400).ToArray(), s => Assert.InRange(s, 0.2499f, 0.2501f));
    }

    [Fact]
    public void Resample_Upsampling8kTo16k_KeepsA1kHzSine()
    {
        var output = new SincResampler(8_000, 16_000).Resample(WavBytes.Sine(1_000, 8_000, 1.0));

        Assert.Equal(16_000, output.Length);
        var middle = output.AsSpan(1_000, 14_000).ToArray().Select(s => (double)s).ToArray();
        Assert.InRange(Amplitude(middle, 1_000, 16_000), 0.49, 0.51);
        Assert.InRange(Rms(Residual(middle, 1_000, 16_000)), 0, 0.005);
    }

    [Theory]
    [InlineData(44_100, 441_000, 160_000)]
    [InlineData(22_050, 22_051, 16_000)]
    [InlineData(11_025, 11_025, 16_000)]
    public void OutputLength_IsTheSameDurationRoundedDown(int rate, int input, int expected) =>
        Assert.Equal(expected, new SincResampler(rate, 16_000).OutputLength(input));

    /// <summary>The amplitude of the <paramref name="hz"/> component (a single-bin DFT).</summary>
    private static double Amplitude(double[] samples, double hz, int rate)
    {
        double re = 0, im = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var angle = 2 * Math.PI * hz * i / rate;
            re += samples[i] * Math.Cos(angle);
            im += samples[i] * Math.Sin(angle);
        }

        return 2 * Math.Sqrt((re * re) + (im * im)) / samples.Length;
    }

    /// <summary>What is left after removing the best-fitting sine of <paramref name="hz"/>.</summary>
    private static double[] Residual(double[] samples, double hz, int rate)
    {
        double re = 0, im = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var angle = 2 * Math.PI * hz * i / rate;
            re += samples[i] * Math.Cos(angle);
            im += samples[i] * Math.Sin(angle);
        }

        re = 2 * re / samples.Length;
        im = 2 * im / samples.Length;
        return [.. samples.Select((s, i) => s - (re * Math.Cos(2 * Math.PI * hz * i / rate)) - (im * Math.Sin(2 * Math.PI * hz * i / rate)))];
    }

    private static double Rms(double[] samples) => Math.Sqrt(samples.Sum(s => s * s) / samples.Length);
}
