using System.Globalization;
using System.Runtime.InteropServices;

namespace RealtimeGrains.Benchmarks.Report;

/// <summary>The machine a report ran on: cores, CPU model, OS, .NET, and the load average when it was read.</summary>
internal sealed record MachineSnapshot(int Cores, string Cpu, string Os, string DotNet, string LoadAverage, DateTimeOffset At)
{
    public static MachineSnapshot Read() => new(
        Environment.ProcessorCount, CpuModel(), OsName(), RuntimeInformation.FrameworkDescription, ReadLoadAverage(), DateTimeOffset.UtcNow);

    /// <summary>The 1, 5 and 15 minute load averages (<c>/proc/loadavg</c>), or "unknown" off Linux.</summary>
    public static string ReadLoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string CpuModel()
    {
        var line = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
            : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string OsName()
    {
        var pretty = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            : null;
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? "Linux " + File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription;
        return pretty is null ? kernel : string.Create(CultureInfo.InvariantCulture, $"{pretty["PRETTY_NAME=".Length..].Trim('"')} ({kernel})");
    }
}
