using RealtimeGrains.Testing;
using RealtimeGrains.Client.Streaming;

namespace RealtimeGrains.ClusterTests.Streaming;

/// <summary>A caller that stops waiting for the producer's window does not take its sealed batch with it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProducerCancellationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PublishAsync_CancelledWhileWaitingForWindow_EventStillDeliveredAndFlushCompletes()
    {
        const int events = 20;
        const string key = "cancelled-publish";
        var producer = new StreamProducer(fixture.Client, new ProducerOptions { MaxInFlightPerPartition = 1, MaxBatchEvents = 1 });
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var cancellations = 0;
        for (var i = 0; i < events; i++)
        {
            try
            {
                await producer.PublishAsync("events", key, "p"u8.ToArray(), cancelled.Token);
            }
            catch (OperationCanceledException)
            {
                cancellations++;
            }
        }

        await producer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(events, cancellations);
        Assert.Equal(events, producer.Statistics.EventsAcked);
        Assert.Equal(events, (await new StreamQueries(fixture.Client).GetKeyAsync("events", key))!.Count);

        // Not `await using`: a producer stranded with unsent batches would make disposal wait for ever.
        await producer.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
