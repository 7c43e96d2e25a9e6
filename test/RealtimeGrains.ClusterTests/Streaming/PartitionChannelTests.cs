using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.ClusterTests.Streaming;

/// <summary>
/// One producer partition driven directly: the test plays the partition grain, acknowledging each batch on its
/// own thread as soon as it is sent. The cluster only provides the client the producer needs.
/// </summary>
[Collection(ClusterCollection.Name)]
[Trait("Tier", "Cluster")]
public sealed class PartitionChannelTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Append_OnlyOutstandingBatchAckedWhileNextIsSealed_EveryEventSealedOnceAndAcknowledged()
    {
        // Window of one and one event per batch: every seal reads the outbox while the acknowledgement of the
        // one batch in it is being handled on the acking thread, the moment at which an ack empties the outbox.
        const int events = 50_000;
        var options = new ProducerOptions { MaxBatchEvents = 1, MaxInFlightPerPartition = 1 };
        await using var producer = new StreamProducer(fixture.Client, options);
        long sent = 0;
        using var channel = new PartitionChannel(producer, new StreamDefinition { Name = "events", Processor = "count" }, 0, batch =>
        {
            Volatile.Write(ref sent, batch.Sequence);
            return Task.CompletedTask;
        }, options);
        using var stop = new CancellationTokenSource();
        var acking = Task.Run(() => AckEverySentBatch(channel, () => Volatile.Read(ref sent), stop.Token));
        var sealedEvents = 0;
        var acknowledgedUpTo = new List<long>(events);

        try
        {
            for (var i = 0; i < events; i++)
            {
                var (first, second) = channel.Append("k"u8, "x"u8, default, 0);
                Assert.Null(first);
                var entry = Assert.IsType<OutboxEntry>(second);
                sealedEvents += entry.Batch.Count;
                acknowledgedUpTo.Add(entry.Batch.AcknowledgedUpTo);
                await channel.SendNewAsync(entry, CancellationToken.None).WaitAsync(Wait);
            }

            await channel.WhenDrainedAsync().WaitAsync(Wait);
        }
        finally
        {
            await stop.CancelAsync();
            await acking;
        }

        var statistics = producer.Statistics;
        Assert.Equal(events, sealedEvents);
        Assert.Equal(events, statistics.BatchesSealed);
        Assert.Equal(events, statistics.BatchesAcked);
        Assert.Equal(events, statistics.EventsAcked);
        Assert.Equal(0, channel.InFlight);
        // Batch n is sealed after n-1 was sent: n-2 was acknowledged for sure, n-1 perhaps.
        Assert.All(acknowledgedUpTo.Select((upTo, i) => (Sequence: i + 1L, UpTo: upTo)), b => Assert.InRange(b.UpTo, Math.Max(0, b.Sequence - 2), b.Sequence - 1));
    }

    private static void AckEverySentBatch(PartitionChannel channel, Func<long> sent, CancellationToken stop)
    {
        var acked = 0L;
        while (!stop.IsCancellationRequested)
        {
            var sequence = sent();
            if (sequence > acked)
            {
                channel.OnAcked([sequence]);
                acked = sequence;
            }
            else
            {
                Thread.SpinWait(1);
            }
        }
    }
}
