namespace RealtimeGrains.Speech.Recognition.Native;

/// <summary>What one search made of an utterance.</summary>
/// <param name="Hypothesis">The best word (or phone) sequence, "" for none.</param>
/// <param name="Score">The path's total score (acoustic and language), in the decoder's log units.</param>
/// <param name="AcousticScore">The acoustic part of the score, summed over the path's segments.</param>
/// <param name="Frames">Frames (10 ms each) the decoder searched.</param>
/// <param name="Segments">The path's words (or phones) with their frames and acoustic scores, fillers included.</param>
internal readonly record struct DecodePass(string Hypothesis, int Score, long AcousticScore, int Frames, IReadOnlyList<DecodeSegment> Segments);

/// <summary>One word (or phone, or filler such as &lt;sil&gt;) of a path: frames [Start, End] and its acoustic score.</summary>
internal readonly record struct DecodeSegment(string Word, int Start, int End, int AcousticScore)
{
    public bool IsFiller => Word.StartsWith('<') || Word.StartsWith('[') || Word is "SIL" or "+NSN+" or "+SPN+";

    public int Length => End - Start + 1;
}
