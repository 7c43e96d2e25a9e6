using System.Globalization;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>CPU time the whole machine has been busy, from <c>/proc/stat</c>: to tell how much other processes took during a sweep.</summary>
internal static class MachineCpu
{
    /// <summary>Linux reports <c>/proc/stat</c> in USER_HZ ticks, 100 per second on every mainstream architecture.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Columns of the <c>cpu</c> line that count busy time: user, nice, system, irq, softirq, steal (not idle, iowait).</summary>
    private static readonly int[] BusyColumns = [1, 2, 3, 6, 7, 8];

    /// <summary>Busy seconds of all cores since boot (user, nice, system, irq, softirq, steal), or null where there is no <c>/proc/stat</c>.</summary>
    public static double? BusySeconds()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return BusyColumns.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
