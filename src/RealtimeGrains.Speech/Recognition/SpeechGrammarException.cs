namespace RealtimeGrains.Speech.Recognition;

/// <summary>A command grammar that cannot be used; the message names the file and, where known, the line.</summary>
public sealed class SpeechGrammarException(string message) : Exception(message);
