namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>Levels and rates after warm-up: the sample at the end of warm-up against the last one.</summary>
internal sealed record SoakSummary(double WarmupEndSeconds, double EndSeconds, IReadOnlyList<SoakGrowth> Growth, IReadOnlyList<SoakThroughput> Throughput)
{
    /// <summary>The summary, or null when fewer than two samples were taken from the end of warm-up on.</summary>
    public static SoakSummary? From(IReadOnlyList<SoakSample> samples, double warmupSeconds)
    {
        var after = samples.SkipWhile(s => s.ElapsedSeconds < warmupSeconds - 0.5).ToList();
        if (after.Count < 2)
        {
            return null;
        }

        var growth = new List<SoakGrowth>
        {
            SoakGrowth.Of("RSS", "MB", after, s => s.RssMb),
            SoakGrowth.Of("GC heap (last GC)", "MB", after, s => s.GcHeapMb),
            SoakGrowth.Of("managed (GetTotalMemory)", "MB", after, s => s.ManagedMb),
            SoakGrowth.Of("activations", "", after, s => s.Activations),
            SoakGrowth.Of("keys held by the stream", "", after, s => s.KeysHeld),
        };
        if (after[0].RedisUsedMb is not null)
        {
            growth.Add(SoakGrowth.Of("Redis used_memory", "MB", after, s => s.RedisUsedMb ?? 0));
            growth.Add(SoakGrowth.Of("Redis keys", "", after, s => s.RedisKeys ?? 0));
        }

        SoakThroughput[] throughput =
        [
            SoakThroughput.Of("events/s (acked)", after, s => s.EventsAcked, s => s.EventsPerSecond),
            SoakThroughput.Of("tasks/s (completed)", after, s => s.TasksCompleted, s => s.TasksPerSecond),
        ];
        return new SoakSummary(after[0].ElapsedSeconds, after[^1].ElapsedSeconds, growth, throughput);
    }
}
