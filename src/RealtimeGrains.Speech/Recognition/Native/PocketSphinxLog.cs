namespace RealtimeGrains.Speech.Recognition.Native;

/// <summary>
/// Keeps PocketSphinx's log off stdout and stderr. Its logger is process-wide and writes through a
/// varargs callback .NET cannot receive, so the log goes nowhere; errors the service needs (a grammar that
/// does not parse) are found by <see cref="JsgfChecker"/> before the engine sees the grammar.
/// </summary>
internal static class PocketSphinxLog
{
    private static int _silenced;

    /// <summary>Turns the library's log off (once per process); call before any other PocketSphinx call.</summary>
    public static void Silence()
    {
        if (Interlocked.Exchange(ref _silenced, 1) == 0)
        {
            PocketSphinxNative.err_set_logfp(IntPtr.Zero);
        }
    }
}
