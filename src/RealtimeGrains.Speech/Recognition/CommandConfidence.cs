using RealtimeGrains.Speech.Recognition.Native;

namespace RealtimeGrains.Speech.Recognition;

/// <summary>
/// Confidence of a grammar hypothesis as a likelihood ratio: how much worse, per frame, the grammar's words
/// score acoustically than a free phone loop over the same frames, taken at the worst word. Speech the
/// grammar covers loses little to the phone loop; other speech loses much on the words the grammar forced
/// onto it. The worst word separates better than the whole utterance's average, where silence and the
/// words that do fit dilute one bad word.
/// </summary>
internal static class CommandConfidence
{
    /// <summary>
    /// Default <see cref="SpeechEngineOptions.MinConfidence"/>: a worst-word gap of about 92 per frame. On the
    /// shipped set the correctly decoded commands' gaps run 0-89, the out-of-grammar phrases' 62-178.
    /// </summary>
    public const double DefaultThreshold = 0.40;

    /// <summary>Per-frame acoustic score gap (decoder log units) at which the confidence is 1/e.</summary>
    public const double Scale = 100;

    /// <summary>
    /// The largest per-frame gap over the hypothesis's words: each word's acoustic score against what the
    /// phone loop scored over the same frames (its phones pro rata to their overlap).
    /// </summary>
    public static double WordGap(DecodePass grammar, DecodePass phones)
    {
        var worst = 0.0;
        foreach (var word in grammar.Segments.Where(s => !s.IsFiller))
        {
            var reference = 0.0;
            foreach (var phone in phones.Segments)
            {
                var overlap = Math.Min(word.End, phone.End) - Math.Max(word.Start, phone.Start) + 1;
                if (overlap > 0)
                {
                    reference += (double)phone.AcousticScore * overlap / phone.Length;
                }
            }

            worst = Math.Max(worst, (reference - word.AcousticScore) / word.Length);
        }

        return worst;
    }

    /// <summary>Confidence in [0, 1] of the grammar's hypothesis; 0 when it has none.</summary>
    public static double Of(DecodePass grammar, DecodePass phones) =>
        grammar.Hypothesis.Length == 0 ? 0 : Math.Exp(-WordGap(grammar, phones) / Scale);
}
