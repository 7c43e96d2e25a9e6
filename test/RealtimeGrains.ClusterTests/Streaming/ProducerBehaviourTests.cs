using RealtimeGrains.Testing;
using System.Globalization;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.ClusterTests.Streaming;

[Collection(ClusterCollection.Name)]
public sealed class ProducerBehaviourTests(ClusterFixture fixture)
{
    private StreamQueries Queries => new(fixture.Client);

    [Fact]
    public async Task PublishAsync_UndeclaredStream_ThrowsUnknownStreamNamingDeclaredOnes()
    {
        await using var producer = new StreamProducer(fixture.Client);

        var ex = await Assert.ThrowsAsync<UnknownStreamException>(() => producer.PublishAsync("nope", "k", "x").AsTask());

        Assert.Equal("stream 'nope' is not declared on the cluster; declared: events, lasts, ranged, sums", ex.Message);
    }

    [Fact]
    public async Task PublishAsync_EmptyKey_ThrowsInvalidEvent()
    {
        await using var producer = new StreamProducer(fixture.Client);

        var ex = await Assert.ThrowsAsync<InvalidEventException>(() => producer.PublishAsync("events", "", "x").AsTask());

        Assert.Equal("stream 'events': the key is empty; every event needs a key", ex.Message);
    }

    [Fact]
    public async Task PublishAsync_OversizedKeyOrPayload_ThrowsInvalidEventWithLimits()
    {
        await using var producer = new StreamProducer(fixture.Client);

        var key = await Assert.ThrowsAsync<InvalidEventException>(() => producer.PublishAsync("events", new string('k', 1025), "x").AsTask());
        var payload = await Assert.ThrowsAsync<InvalidEventException>(() => producer.PublishAsync("events", "k", new byte[65537]).AsTask());

        Assert.Equal("stream 'events': key of 1025 bytes is over the limit of 1024 bytes", key.Message);
        Assert.Equal("stream 'events': payload of 65537 bytes is over the limit of 65536 bytes", payload.Message);
    }

    [Fact]
    public async Task FlushAsync_EverySendCorrupted_SurfacesPublishFailedAfterRetryLimit()
    {
        var options = new ProducerOptions { MaxAttempts = 3, AckTimeout = TimeSpan.FromMilliseconds(200) };
        var producer = new StreamProducer(fixture.Client, options, time: null, corruptFraction: 1);

        await producer.PublishAsync("events", "doomed", "x");
        var ex = await Assert.ThrowsAsync<PublishFailedException>(() => producer.FlushAsync());

        Assert.StartsWith("batch 1 of stream 'events' partition ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(1 events) was not acknowledged after 3 sends", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PublishFailedException>(() => producer.PublishAsync("events", "later", "x").AsTask());
        Assert.Null(await Queries.GetKeyAsync("events", "doomed"));
        await producer.DisposeAsync();
    }

    [Fact]
    public async Task PublishAsync_WindowOfOneBatch_BacksPressureAndLosesNothing()
    {
        var options = new ProducerOptions { MaxInFlightPerPartition = 1, MaxBatchEvents = 8 };
        await using var producer = new StreamProducer(fixture.Client, options);

        for (var i = 0; i < 2_000; i++)
        {
            await producer.PublishAsync("events", "window-" + (i % 10).ToString(CultureInfo.InvariantCulture), "x");
            Assert.True(producer.Statistics.InFlight <= 8 + 2, "at most one batch in flight per partition, plus ones waiting for a slot");
        }

        await producer.FlushAsync();

        var counts = await Task.WhenAll(Enumerable.Range(0, 10).Select(k => Queries.GetKeyAsync("events", "window-" + k.ToString(CultureInfo.InvariantCulture))));
        Assert.Equal(2_000, counts.Sum(c => c!.Count));
    }

    [Fact]
    public async Task Processors_SumAndLast_KeepTheirValues()
    {
        await using (var producer = new StreamProducer(fixture.Client))
        {
            foreach (var value in new[] { 1.5, 2.5, -1 })
            {
                await producer.PublishJsonAsync("sums", "total", value);
            }

            await producer.PublishAsync("sums", "total", "not a number");
            await producer.PublishAsync("lasts", "door", "open");
            await producer.PublishAsync("lasts", "door", "closed");
        }

        var sum = await Queries.GetKeyAsync("sums", "total");
        var last = await Queries.GetKeyAsync("lasts", "door");
        Assert.Equal("3", sum!.Value);
        Assert.Equal(1, (await Queries.GetStatsAsync("sums")).Total.EventsRejected);
        Assert.Equal("closed", last!.Value);
    }

    [Fact]
    public async Task RangeStream_RoutesKeysByBoundaries()
    {
        var placements = await Queries.LocateAsync("ranged", ["apple", "kiwi", "zebra"]);
        await using (var producer = new StreamProducer(fixture.Client))
        {
            await producer.PublishAsync("ranged", "kiwi", "x");
        }

        Assert.Equal([0, 1, 2], placements.Select(p => p.Partition));
        Assert.All(placements, p => Assert.Equal(-1, p.Bucket));
        Assert.Equal(1, (await Queries.GetKeyAsync("ranged", "kiwi"))!.Partition);
    }

    [Fact]
    public async Task PartitionGrain_DeactivatedMidStream_ResumesFromCheckpointWithNothingLostOrDoubled()
    {
        const int events = 12_000;
        var definition = await fixture.Client.GetGrain<IStreamCatalogGrain>(0).Find("events");
        await using var producer = new StreamProducer(fixture.Client, new ProducerOptions { MaxBatchEvents = 32 });

        for (var i = 0; i < events; i++)
        {
            await producer.PublishAsync("events", KeyedStreamingTests.Key("deact", i % 100), "x");
            if (i % 3_000 == 1_500)
            {
                foreach (var partition in Enumerable.Range(0, definition!.Partitions))
                {
                    await fixture.Cluster.DeactivateAsync(fixture.Client.GetGrain<IPartitionGrain>(definition.PartitionKey(partition)));
                }
            }
        }

        await producer.FlushAsync();

        var counts = await Task.WhenAll(Enumerable.Range(0, 100).Select(k => Queries.GetKeyAsync("events", KeyedStreamingTests.Key("deact", k))));
        Assert.Equal(events, counts.Sum(c => c!.Count));
    }
}
