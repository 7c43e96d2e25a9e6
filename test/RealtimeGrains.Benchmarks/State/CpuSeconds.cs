namespace RealtimeGrains.Benchmarks.State;

/// <summary>CPU time used (user + system, all threads) by the silo process, this client process, and redis-server when there is one.</summary>
internal sealed record CpuSeconds(double Silo, double Client, double? Redis)
{
    public static CpuSeconds operator -(CpuSeconds after, CpuSeconds before)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(before);
        return new CpuSeconds(after.Silo - before.Silo, after.Client - before.Client, after.Redis - before.Redis);
    }

    public static CpuSeconds Subtract(CpuSeconds after, CpuSeconds before) => after - before;
}
