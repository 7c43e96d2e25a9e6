using System.Globalization;

namespace RealtimeGrains.SystemTests.Infrastructure;

/// <summary>A process's resident set now and at its peak, in MiB, as Linux reports them in <c>/proc/&lt;pid&gt;/status</c>.</summary>
internal sealed record ResidentMemory(double RssMiB, double PeakMiB)
{
    /// <summary>Reads VmRSS and VmHWM of a live process; null once the process is gone.</summary>
    public static ResidentMemory? Read(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return Field(lines, "VmRSS:") is { } rss && Field(lines, "VmHWM:") is { } peak ? new ResidentMemory(rss, peak) : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"RSS {RssMiB:N0} MiB (peak {PeakMiB:N0} MiB)");

    /// <summary>A line such as <c>VmRSS:	  123456 kB</c>, in MiB.</summary>
    private static double? Field(string[] lines, string name)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        var kb = line?[name.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return kb is not null && long.TryParse(kb, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value / 1024.0 : null;
    }
}
