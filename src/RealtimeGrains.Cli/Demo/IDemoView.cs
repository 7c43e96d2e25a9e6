namespace RealtimeGrains.Cli.Demo;

/// <summary>How the run is shown: live panels on a terminal, or plain lines when output is redirected.</summary>
internal interface IDemoView
{
    /// <summary>Shows frames from <paramref name="frame"/> until <paramref name="done"/> completes, then one last frame.</summary>
    Task ShowAsync(Func<DemoFrame> frame, Task done);

    /// <summary>Writes the summary table and where to look next.</summary>
    void Summary(DemoSummary summary);

    /// <summary>One line outside the live frames (what <c>--keep-running</c> left up, ...).</summary>
    void Note(string line);
}
