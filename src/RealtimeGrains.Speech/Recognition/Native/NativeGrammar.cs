namespace RealtimeGrains.Speech.Recognition.Native;

/// <summary>PocketSphinx's own JSGF parser, as a yes/no check (its reasons go to its log, which is off).</summary>
internal static class NativeGrammar
{
    public static bool Parses(string text)
    {
        PocketSphinxLog.Silence();
        var grammar = PocketSphinxNative.jsgf_parse_string(text, IntPtr.Zero);
        if (grammar == IntPtr.Zero)
        {
            return false;
        }

        PocketSphinxNative.jsgf_grammar_free(grammar);
        return true;
    }
}
