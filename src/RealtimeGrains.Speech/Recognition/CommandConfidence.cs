using RealtimeGrains.Speech.Recognition.Native;

namespace RealtimeGrains.Speech.Recognition;

/// <summary>
/// Confidence of a grammar hypothesis as a likelihood ratio: how much worse, per frame, the grammar's best
/// path scores acoustically than a free phone loop on the same audio. Speech the grammar covers loses
/// little to the phone loop; other speech and noise lose much, because the grammar forces words onto them.
/// </summary>
internal static class CommandConfidence
{
    /// <summary>
    /// Default <see cref="SpeechEngineOptions.MinConfidence"/>: a gap of about 40 per frame. On the shipped set
    /// the correct commands' gaps run 0-40 (one at 57) and the out-of-grammar phrases' 29-57.
    /// </summary>
    public const double DefaultThreshold = 0.45;

    /// <summary>Per-frame acoustic score gap (decoder log units) at which the confidence is 1/e.</summary>
    public const double Scale = 50;

    /// <summary>The per-frame acoustic score gap between the phone loop and the grammar (0 or more).</summary>
    public static double Gap(DecodePass grammar, DecodePass phones) =>
        grammar.Frames == 0 ? double.PositiveInfinity : Math.Max(0, (double)(phones.AcousticScore - grammar.AcousticScore) / grammar.Frames);

    /// <summary>Confidence in [0, 1] of the grammar's hypothesis; 0 when it has none.</summary>
    public static double Of(DecodePass grammar, DecodePass phones) =>
        grammar.Hypothesis.Length == 0 ? 0 : Math.Exp(-Gap(grammar, phones) / Scale);
}
