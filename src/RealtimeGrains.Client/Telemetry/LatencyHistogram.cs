namespace RealtimeGrains.Client.Telemetry;

/// <summary>
/// A lock-free latency histogram with log-spaced buckets (about 5% resolution from 1 µs to hours):
/// cheap enough to record every batch, precise enough for p50/p99 reports. Max is exact.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Resolution = 20; // buckets per e-fold
    private readonly long[] _buckets = new long[480];
    private long _count;
    private long _maxTicks;

    /// <summary>Samples recorded.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records one latency.</summary>
    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(0, latency.Ticks / 10.0);
        var index = Math.Min(_buckets.Length - 1, (int)(Math.Log(micros + 1) * Resolution));
        Interlocked.Increment(ref _buckets[index]);
        Interlocked.Increment(ref _count);
        var ticks = latency.Ticks;
        long seen;
        while (ticks > (seen = Interlocked.Read(ref _maxTicks)) && Interlocked.CompareExchange(ref _maxTicks, ticks, seen) != seen)
        {
        }
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1), as the upper edge of its bucket; zero when empty.</summary>
    public TimeSpan Percentile(double q)
    {
        var total = Count;
        if (total == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(Math.Clamp(q, 0, 1) * total);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= Math.Max(1, rank))
            {
                var upperMicros = Math.Exp((i + 1) / Resolution) - 1;
                return TimeSpan.FromTicks(Math.Min((long)(upperMicros * 10), Max.Ticks));
            }
        }

        return Max;
    }

    /// <summary>The largest latency recorded.</summary>
    public TimeSpan Max => TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks));
}
