using System.Diagnostics;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>Takes <see cref="SoakSample"/>s; rates are over the interval since the previous sample.</summary>
internal sealed class SoakSampler(IClusterClient client, EventLoad events, TaskLoad tasks, RedisProbe? redis)
{
    private const double Mb = 1048576.0;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly StreamQueries _queries = new(client);
    private readonly IManagementGrain _management = client.GetGrain<IManagementGrain>(0);
    private SoakSample? _previous;
    private double _previousSeconds;

    public TimeSpan Elapsed => _clock.Elapsed;

    public async Task<SoakSample> SampleAsync()
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var acked = events.Statistics.EventsAcked;
        var queue = await tasks.GetStatusAsync();
        var rss = Environment.WorkingSet;
        var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
        var managed = GC.GetTotalMemory(false);
        var stream = await _queries.GetStatsAsync(EventLoad.Stream);
        var grains = await _management.GetSimpleGrainStatistics();
        (double UsedMb, long Keys)? store = redis is null ? null : await redis.ReadAsync();

        var interval = seconds - _previousSeconds;
        var sample = new SoakSample(
            Math.Round(seconds, 1),
            Math.Round(rss / Mb, 1),
            Math.Round(heap / Mb, 1),
            Math.Round(managed / Mb, 1),
            GC.CollectionCount(2),
            grains.Sum(g => (long)g.ActivationCount),
            interval > 0 ? Math.Round((acked - (_previous?.EventsAcked ?? 0)) / interval) : 0,
            interval > 0 ? Math.Round((queue.Completed - (_previous?.TasksCompleted ?? 0)) / interval) : 0,
            acked,
            queue.Completed,
            queue.Pending,
            stream.Total.Keys,
            store?.UsedMb,
            store?.Keys);
        _previous = sample;
        _previousSeconds = seconds;
        return sample;
    }
}
