namespace RealtimeGrains.Speech.Recognition.Native;

/// <summary>What one search made of an utterance.</summary>
/// <param name="Hypothesis">The best word (or phone) sequence, "" for none.</param>
/// <param name="Score">The path's total score (acoustic and language), in the decoder's log units.</param>
/// <param name="AcousticScore">The acoustic part of the score, summed over the path's segments.</param>
/// <param name="Frames">Frames (10 ms each) the decoder searched.</param>
internal readonly record struct DecodePass(string Hypothesis, int Score, long AcousticScore, int Frames);
