using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RealtimeGrains.Client.Hosting;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Streaming;
using RealtimeGrains.SystemTests.Infrastructure;
using RealtimeGrains.Testing;
using Xunit.Abstractions;

namespace RealtimeGrains.SystemTests.Security;

/// <summary>
/// A real silo process (GC heap held to 256 MB) against a client that is not ours: 100 MB messages, batches over the
/// batch limit, and floods of distinct partition keys, queue names, producer ids and keys. The silo refuses each,
/// stays up, keeps serving a well-behaved client, and its memory stays bounded.
/// </summary>
public sealed class HostileGatewayTests(ITestOutputHelper output)
{
    private const int Flood = 10_000;
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Silo_HundredMegabyteMessagesAndFloods_RefusedStaysUpAndMemoryBounded()
    {
        await using var silo = SiloProcess.Start(settings: new Dictionary<string, string>
        {
            ["DOTNET_GCHeapHardLimit"] = "0x10000000",
            ["DOTNET_gcServer"] = "0",
        });
        await silo.WaitActiveAsync(TimeSpan.FromSeconds(60));
        var started = ResidentMemory.Read(silo.Pid)!;
        output.WriteLine($"silo started: {started}");

        // A client that raised its own message limit to send what our client library would not.
        await using var hostile = await ConnectAsync(silo, c => c.Configure<Orleans.Configuration.ClientMessagingOptions>(m => m.MaxMessageBodySize = 200 * MiB));
        var ingress = hostile.Client.GetGrain<IStreamIngressGrain>(0);
        var clock = Stopwatch.StartNew();
        var huge = await Record.ExceptionAsync(() => ingress.Publish(Batch(new byte[100 * MiB])).WaitAsync(TimeSpan.FromSeconds(60)));
        output.WriteLine($"100 MB batch: {huge?.GetType().Name}: {huge?.Message} after {clock.ElapsedMilliseconds} ms; silo {ResidentMemory.Read(silo.Pid)}");
        // The silo reads only the frame's length prefix and closes the connection: no answer can name the limit, so
        // the sender sees its connection drop (its call times out or fails); the silo's log names the setting.
        Assert.NotNull(huge);
        Assert.False(silo.HasExited, "the silo died of a 100 MB message");
        await Eventually.TrueAsync(() => Task.FromResult(silo.Log.Contains("(max configured value is 16777216, see MaxMessageBodySize)", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the silo to log the refused frame naming MaxMessageBodySize");
        output.WriteLine("silo log: " + silo.Log.Split('\n').First(l => l.Contains("MaxMessageBodySize", StringComparison.Ordinal)));

        await using var client = await ConnectAsync(silo);
        ingress = client.Client.GetGrain<IStreamIngressGrain>(0);
        var overBatch = await Assert.ThrowsAsync<BatchRejectedException>(() => ingress.Publish(Batch(new byte[15 * MiB])));
        Assert.EndsWith("15728640 bytes of events are over the limit of 1048576 bytes (RealtimeGrains:Streaming:MaxBatchBytes)", overBatch.Message, StringComparison.Ordinal);
        var payload = await Assert.ThrowsAsync<InvalidTaskException>(
            () => client.Client.GetGrain<ISchedulerGrain>("hostile").Submit(new TaskSpec { Handler = "echo", Payload = new byte[15 * MiB] }));
        output.WriteLine($"15 MB batch and task payload refused: {overBatch.Message} / {payload.Message}");

        clock.Restart();
        await FloodAsync(client.Client);
        var partitions = await Task.WhenAll(Enumerable.Range(0, 16).Select(p => client.Client.GetGrain<IPartitionGrain>($"events/{p}").GetStats()));
        var memory = ResidentMemory.Read(silo.Pid)!;
        output.WriteLine($"flood of {Flood:N0} unknown partition keys, {Flood:N0} queue names, {Flood:N0} producer ids with a new key each in {clock.ElapsedMilliseconds:N0} ms: " +
            $"{partitions.Sum(p => p.Producers):N0} producers and {partitions.Sum(p => p.Keys):N0} keys held; silo {memory}");

        Assert.False(silo.HasExited, "the silo died during the flood");
        Assert.Equal(Flood, partitions.Sum(p => p.Keys));
        Assert.All(partitions, p => Assert.InRange(p.Producers, 0, 10_000));
        Assert.True(memory.PeakMiB < started.RssMiB + 300, $"silo peak {memory.PeakMiB:N0} MiB, started at {started.RssMiB:N0} MiB: a 100 MB message or the flood was held in memory");
    }

    private static async Task FloodAsync(IClusterClient client)
    {
        var ingress = client.GetGrain<IStreamIngressGrain>(0);
        var definition = new StreamDefinition { Name = "events", Processor = "count", Partitions = 16 };
        var partitioner = definition.CreatePartitioner();
        await Parallel.ForEachAsync(Enumerable.Range(0, Flood), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            await Assert.ThrowsAsync<UnknownPartitionException>(() => client.GetGrain<IPartitionGrain>($"nope-{i}/0").GetStats());
            Assert.Equal(0, (await client.GetGrain<ISchedulerGrain>($"hostile-{i}").GetStatus()).Pending);
            var key = Encoding.UTF8.GetBytes($"hostile-key-{i}");
            var writer = new EventWriter();
            writer.Append(key, "x"u8);
            var batch = new StreamBatch
            {
                Stream = "events", ProducerId = Guid.NewGuid(), Sequence = 1, Partition = partitioner.Partition(key), Count = 1, Events = writer.ToArray(),
            };
            await client.GetGrain<IPartitionGrain>(definition.PartitionKey(batch.Partition)).Deliver(batch with { Crc = BatchCodec.ComputeCrc(batch) });
        });
    }

    private static StreamBatch Batch(byte[] events)
    {
        var batch = new StreamBatch { Stream = "events", ProducerId = Guid.NewGuid(), Sequence = 1, Partition = 0, Count = 1, Events = events };
        return batch with { Crc = BatchCodec.ComputeCrc(batch) };
    }

    private static Task<RealtimeGrainsConnection> ConnectAsync(SiloProcess silo, Action<IClientBuilder>? configure = null) =>
        RealtimeGrainsConnection.ConnectAsync(
            o =>
            {
                o.Gateways.Clear();
                o.Gateways.Add(silo.Gateway);
            },
            configure);
}
