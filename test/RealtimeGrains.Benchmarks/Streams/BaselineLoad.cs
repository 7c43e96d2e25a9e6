using System.Diagnostics;
using System.Globalization;
using System.Text;
using RealtimeGrains.Partitioning;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Benchmarks.Streams;

/// <summary>Publishes the same workload as <c>StreamLoad</c> through plain Orleans streams and waits until every event is applied.</summary>
internal static class BaselineLoad
{
    public static async Task<double> RunAsync(IClusterClient client, long events, int keyCount, int payloadBytes, int partitions, int batchEvents, int inFlightPerPartition)
    {
        var partitioner = new Partitioner(4096, partitions);
        var keys = Enumerable.Range(0, keyCount).Select(k => Encoding.UTF8.GetBytes("key-" + k.ToString(CultureInfo.InvariantCulture))).ToArray();
        var payload = Encoding.ASCII.GetBytes(new string('x', payloadBytes));
        var ingress = client.GetGrain<IBaselineIngressGrain>(0);
        var run = "run-" + Guid.NewGuid().ToString("N")[..8];
        var writers = Enumerable.Range(0, partitions).Select(_ => new EventWriter()).ToArray();
        var windows = Enumerable.Range(0, partitions).Select(_ => new SemaphoreSlim(inFlightPerPartition)).ToArray();
        var sends = new List<Task>();
        var clock = Stopwatch.StartNew();

        for (long i = 0; i < events; i++)
        {
            var key = keys[i % keys.Length];
            var p = partitioner.PartitionOfBucket(partitioner.Bucket(key));
            writers[p].Append(key, payload);
            if (writers[p].Count >= batchEvents || i == events - 1)
            {
                sends.Add(SendAsync(p));
            }
        }

        foreach (var p in Enumerable.Range(0, partitions).Where(p => writers[p].Count > 0))
        {
            sends.Add(SendAsync(p));
        }

        await Task.WhenAll(sends);
        var grains = Enumerable.Range(0, partitions).Select(p => client.GetGrain<IBaselinePartitionGrain>($"{run}/{p}")).ToArray();
        while ((await Task.WhenAll(grains.Select(g => g.Applied()))).Sum() < events)
        {
            await Task.Delay(1);
        }

        return events / clock.Elapsed.TotalSeconds;

        async Task SendAsync(int p)
        {
            var batch = new StreamBatch { Stream = "baseline", ProducerId = Guid.Empty, Sequence = 1, Partition = p, Count = writers[p].Count, Events = writers[p].ToArray() };
            writers[p].Reset();
            await windows[p].WaitAsync();
            try
            {
                await ingress.Publish(batch, $"{run}/{p}");
            }
            finally
            {
                windows[p].Release();
            }
        }
    }
}
