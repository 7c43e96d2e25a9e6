using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;
using RealtimeGrains.Testing;

namespace RealtimeGrains.ClusterTests.Streaming.Processing;

/// <summary>Typed processors on a cluster: typed events, emits, chains, task round trips and timers, each effect exactly once.</summary>
public sealed class ProcessorPipelineTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private Serializer Serializer => fixture.Client.ServiceProvider.GetRequiredService<Serializer>();

    private StreamQueries Queries => new(fixture.Client);

    [Fact]
    public async Task TypedEvents_UpdateTypedState_EmitOutputsWithDenseSequences_AndRoundTripTasks()
    {
        var orders = Enumerable.Range(0, 60).Select(i => (Customer: $"c{i % 6}", Order: new Order($"item{i}", i % 4 == 0 ? 150 + i : 10 + i))).ToList();
        await DeliverTypedAsync("orders", 4, orders.Select(o => (o.Customer, (object)o.Order)));

        foreach (var customer in orders.GroupBy(o => o.Customer))
        {
            var view = await Queries.GetKeyAsync("orders", customer.Key);
            var totals = Serializer.Deserialize<OrderTotals>(view!.State)!;
            Assert.Equal(customer.Count(), totals.Count);
            Assert.Equal(customer.Sum(o => o.Order.Amount), totals.Total, 6);
            Assert.Contains("\"Count\"", view.Json, StringComparison.Ordinal);

            var outputs = await Eventually.ValueAsync(
                () => ReadAsync("order-totals", 2, customer.Key),
                page => page.Last == customer.Count(), Wait, $"totals emitted for {customer.Key}");
            Assert.Equal(Enumerable.Range(1, customer.Count()).Select(i => (long)i), outputs.Outputs.Select(o => o.Sequence));
            Assert.Equal(totals.Total, Serializer.Deserialize<OrderTotals>(outputs.Outputs[^1].Payload)!.Total, 6);

            var audited = customer.Count(o => o.Order.Amount > 100);
            var audits = await Eventually.ValueAsync(
                () => ReadAsync("audits", 2, customer.Key),
                page => page.Last == audited, Wait, $"audits of {customer.Key} came back");
            Assert.All(audits.Outputs, o => Assert.StartsWith("\"Completed:item", o.Json, StringComparison.Ordinal));
            var after = await Eventually.ValueAsync(() => Queries.GetKeyAsync("orders", customer.Key), v => v!.PendingTasks == 0, Wait, "no task pending");
            Assert.Equal(audited, Serializer.Deserialize<OrderTotals>(after!.State)!.Audited);
        }
    }

    [Fact]
    public async Task WrongEventTypeOrRejectedEvent_IsCountedAndTouchesNothing()
    {
        var before = (await Queries.GetStatsAsync("orders")).Total.EventsRejected;

        await DeliverTypedAsync("orders", 4, [("bad", "not an order"), ("bad", new Order("x", -1))]);

        Assert.Null(await Queries.GetKeyAsync("orders", "bad"));
        Assert.Equal(before + 2, (await Queries.GetStatsAsync("orders")).Total.EventsRejected);
    }

    [Fact]
    public async Task ChainOfThreeStreams_EveryEventArrivesExactlyOnce()
    {
        const int events = 5_000, keys = 50;
        await using (var producer = new StreamProducer(fixture.Client))
        {
            for (var i = 0; i < events; i++)
            {
                await producer.PublishAsync("hop1", $"k{i % keys}", "x"u8.ToArray());
            }

            await producer.FlushAsync();
        }

        await Eventually.TrueAsync(async () => (await Queries.GetStatsAsync("hop3")).Total.EventsApplied >= events, Wait, "events reached the third stream");
        var counts = await Task.WhenAll(Enumerable.Range(0, keys).Select(k => Queries.GetKeyAsync("hop3", $"k{k}")));
        Assert.All(counts, c => Assert.Equal(events / keys, c!.Count));
        Assert.Equal(events, (await Queries.GetStatsAsync("hop3")).Total.EventsApplied);
        Assert.Equal(0, (await Queries.GetStatsAsync("hop1")).Total.PendingEffects);
    }

    [Fact]
    public async Task Timers_FireOncePerKey_NearTheirDueTime()
    {
        const int keys = 100;
        await using (var producer = new StreamProducer(fixture.Client))
        {
            for (var k = 0; k < keys; k++)
            {
                await producer.PublishAsync("reminders", $"r{k}", "300"u8.ToArray());
            }

            await producer.FlushAsync();
        }

        // A fired timer's output reaches "reminded" after the checkpoint that covers the firing: wait on the outputs.
        for (var k = 0; k < keys; k++)
        {
            var key = $"r{k}";
            var page = await Eventually.ValueAsync(() => ReadAsync("reminded", 2, key), p => p.Last >= 1, Wait, $"the timer of {key} fired");
            Assert.Equal(1, page.Last);
        }

        Assert.Equal(keys, (await Queries.GetStatsAsync("reminders")).Total.TimersFired);
        Assert.Equal(0, (await Queries.GetStatsAsync("reminders")).Total.Timers);
    }

    private Task<OutputPage> ReadAsync(string stream, int partitions, string key)
    {
        var definition = new StreamDefinition { Name = stream, Processor = "none", Partitions = partitions };
        var partition = definition.CreatePartitioner().Partition(Encoding.UTF8.GetBytes(key));
        return fixture.Client.GetGrain<IPartitionGrain>(definition.PartitionKey(partition)).ReadOutputs(key, 0, 1_000);
    }

    /// <summary>Sends typed events straight to their partitions as a processor's outputs would arrive.</summary>
    private async Task DeliverTypedAsync(string stream, int partitions, IEnumerable<(string Key, object Value)> events)
    {
        var definition = new StreamDefinition { Name = stream, Processor = "x", Partitions = partitions };
        var partitioner = definition.CreatePartitioner();
        var producer = Guid.NewGuid();
        foreach (var group in events.GroupBy(e => partitioner.Partition(Encoding.UTF8.GetBytes(e.Key))))
        {
            var writer = new EventWriter();
            foreach (var (key, value) in group)
            {
                writer.Append(Encoding.UTF8.GetBytes(key), Serializer.SerializeToArray(value), new EventMeta(Typed: true));
            }

            var batch = new StreamBatch { Stream = stream, ProducerId = producer, Sequence = 1, Partition = group.Key, Count = writer.Count, Events = writer.ToArray() };
            await fixture.Client.GetGrain<IPartitionGrain>(definition.PartitionKey(group.Key)).Deliver(batch with { Crc = BatchCodec.ComputeCrc(batch) });
        }
    }
}
