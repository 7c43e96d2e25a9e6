using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>
/// One run of the hot load (<c>StreamLoad</c>: N events round robin over the hot keys <c>key-0</c> …, one producer,
/// every event acknowledged) and what the partitions counted meanwhile: the difference of their stats before and after.
/// </summary>
internal sealed record HotRun(
    double Seconds, long Sent, long Acked, long Resent, double EventsPerSecond, double AckP50Ms, double AckP99Ms, double AckMaxMs,
    long EventsApplied, long Checkpoints, long CheckpointBytes, long SegmentsCompacted, double ChangedKeysEstimate, CpuSeconds Cpu)
{
    /// <summary>Runs the hot load once; <paramref name="hotKeysByPartition"/> is how many hot keys each partition owns.</summary>
    public static async Task<HotRun> RunAsync(StateSilo silo, StateOptions options, long events, IReadOnlyList<int> hotKeysByPartition)
    {
        var client = silo.Client;
        var queries = new StreamQueries(client);
        var before = await queries.GetStatsAsync(StateOptions.Stream);
        var cpuBefore = await silo.CpuAsync();
        var report = await StreamLoad.RunAsync(client, StateRun.HotPlan(options, events));
        var used = await silo.CpuAsync() - cpuBefore;
        var cpu = new CpuSeconds(Math.Round(used.Silo, 3), Math.Round(used.Client, 3), used.Redis is { } r ? Math.Round(r, 3) : null);
        var after = await queries.GetStatsAsync(StateOptions.Stream);
        var total = Difference(after.Total, before.Total);
        return new HotRun(
            report.Seconds, report.Sent, report.Acked, report.Resent, report.EventsPerSecond, report.AckP50Ms, report.AckP99Ms, report.AckMaxMs,
            total.EventsApplied, total.Checkpoints, total.CheckpointBytes, total.SegmentsCompacted,
            ChangedKeys(before.Partitions, after.Partitions, hotKeysByPartition),
            cpu);
    }

    /// <summary>
    /// Keys the run's checkpoints wrote, estimated per partition as checkpoints × min(events per checkpoint, hot keys of
    /// the partition): the load visits a partition's hot keys in a fixed cycle, so E consecutive events of it touch
    /// min(E, its hot keys) keys. Taken on the mean events per checkpoint, this is an upper bound of the keys written
    /// (checkpoints of uneven size touch fewer), so bytes per changed key derived from it is a lower bound.
    /// </summary>
    private static double ChangedKeys(IReadOnlyList<PartitionStats> before, IReadOnlyList<PartitionStats> after, IReadOnlyList<int> hotKeysByPartition)
    {
        double keys = 0;
        for (var p = 0; p < after.Count; p++)
        {
            var checkpoints = after[p].Checkpoints - before[p].Checkpoints;
            var events = after[p].EventsApplied - before[p].EventsApplied;
            if (checkpoints > 0)
            {
                keys += checkpoints * Math.Min((double)events / checkpoints, hotKeysByPartition[p]);
            }
        }

        return keys;
    }

    private static PartitionStats Difference(PartitionStats after, PartitionStats before) => new()
    {
        Partition = -1,
        EventsApplied = after.EventsApplied - before.EventsApplied,
        Keys = after.Keys - before.Keys,
        Checkpoints = after.Checkpoints - before.Checkpoints,
        CheckpointBytes = after.CheckpointBytes - before.CheckpointBytes,
        SegmentsCompacted = after.SegmentsCompacted - before.SegmentsCompacted,
    };
}
