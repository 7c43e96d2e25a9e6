using RealtimeGrains.Benchmarks.Report;
using RealtimeGrains.Benchmarks.State;

namespace RealtimeGrains.Benchmarks.Failover;

/// <summary>
/// <c>failover [state options]</c>: three real silo processes on Redis under a producer's load, kill -9 of the silo hosting
/// partition 0; time to declared dead, ack latency of the run, time back to the rate before the kill, lost and doubled
/// events (the state run's <c>--recovery-only</c> scenario with a small fill; <c>state</c>'s options override the defaults).
/// </summary>
internal static class FailoverRun
{
    private static readonly string[] Defaults =
        ["--recovery-only", "--recovery-keys", "100000", "--hot-events", "2000000", "--warmup-events", "300000", "--recovery-kill-seconds", "8"];

    public static async Task<IReadOnlyList<ReportSection>> RunAsync(string[] args)
    {
        // RunArgs reads the first occurrence of an option, so the caller's come before the defaults.
        StateOptions options;
        try
        {
            options = StateOptions.Parse([.. args, .. Defaults]);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            throw new ArgumentException($"{e.Message}\nusage: failover [{StateOptions.Usage}]", e);
        }

        var recovery = await RecoveryRun.RunAsync(options);
        var section = FailoverSections.Of(recovery, "Failover: kill -9 of a silo under producer load");
        Console.WriteLine(ReportWriter.RenderSection(section));
        return [section];
    }
}
