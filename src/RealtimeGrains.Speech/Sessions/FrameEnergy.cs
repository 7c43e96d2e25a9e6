namespace RealtimeGrains.Speech.Sessions;

/// <summary>
/// Energy voice activity: a frame is voiced when its level is <c>ThresholdDb</c> above the session's noise floor
/// (and above an absolute floor, so digital silence with a click is not speech). The floor follows quieter frames
/// down at once and louder ones up slowly, so it tracks steady background noise but not speech.
/// </summary>
internal static class FrameEnergy
{
    /// <summary>No frame quieter than this is voiced, whatever the floor (dBFS).</summary>
    public const double AbsoluteFloorDb = -55;

    /// <summary>Level of digital silence (dBFS).</summary>
    private const double SilenceDb = -100;

    /// <summary>The frame's RMS level in dBFS.</summary>
    public static double LevelDb(ReadOnlySpan<byte> pcm)
    {
        var samples = pcm.Length / 2;
        if (samples == 0)
        {
            return SilenceDb;
        }

        double sum = 0;
        for (var i = 0; i < samples; i++)
        {
            double sample = (short)(pcm[2 * i] | (pcm[(2 * i) + 1] << 8));
            sum += sample * sample;
        }

        var rms = Math.Sqrt(sum / samples);
        return rms < 1 ? SilenceDb : 20 * Math.Log10(rms / 32768);
    }

    /// <summary>Whether a frame at <paramref name="levelDb"/> is voiced over <paramref name="noiseDb"/>.</summary>
    public static bool IsVoiced(double levelDb, double noiseDb, double thresholdDb) =>
        levelDb > AbsoluteFloorDb && levelDb > noiseDb + thresholdDb;

    /// <summary>
    /// The noise floor after a frame at <paramref name="levelDb"/>: down at once, up by 5% of the gap per unvoiced
    /// frame and 0.2% per voiced one (a noise that gets louder and stays is the floor within seconds; speech is not).
    /// </summary>
    public static double Follow(double noiseDb, double levelDb, bool voiced) =>
        double.IsNaN(noiseDb) ? Math.Min(levelDb, AbsoluteFloorDb + 10)
        : levelDb < noiseDb ? levelDb
        : noiseDb + ((voiced ? 0.002 : 0.05) * (levelDb - noiseDb));
}
