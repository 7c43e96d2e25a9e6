using System.Text;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.ClusterTests.Hostile;

/// <summary>What a client that is not our producer can send: batches sealed by hand, and counts of what the silos hold.</summary>
internal static class Attack
{
    /// <summary>The seed of a fuzz run: <c>RTG_FUZZ_SEED</c> when set (to replay a failure), else <paramref name="fixedSeed"/>.</summary>
    public static int Seed(int fixedSeed) =>
        int.TryParse(Environment.GetEnvironmentVariable("RTG_FUZZ_SEED"), out var seed) ? seed : fixedSeed;

    /// <summary>A batch of one event per key with a correct CRC, from a producer id of its own.</summary>
    public static StreamBatch Sealed(string stream, int partition, params string[] keys)
    {
        var writer = new EventWriter();
        foreach (var key in keys)
        {
            writer.Append(Encoding.UTF8.GetBytes(key), "x"u8);
        }

        return Reseal(new StreamBatch
        {
            Stream = stream,
            ProducerId = Guid.NewGuid(),
            Sequence = 1,
            Partition = partition,
            Count = writer.Count,
            Events = writer.ToArray(),
        });
    }

    public static StreamBatch Reseal(StreamBatch batch) => batch.Stream is null || batch.Events is null ? batch : batch with { Crc = BatchCodec.ComputeCrc(batch) };

    /// <summary>Activations of grain classes whose name is <paramref name="grainClass"/>, over the cluster.</summary>
    public static async Task<int> ActivationsAsync(IClusterClient client, string grainClass)
    {
        var statistics = await client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(grainClass, StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
