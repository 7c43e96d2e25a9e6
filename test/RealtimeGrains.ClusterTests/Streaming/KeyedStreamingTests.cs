using System.Globalization;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;
using RealtimeGrains.Testing;

namespace RealtimeGrains.ClusterTests.Streaming;

[Collection(ClusterCollection.Name)]
public sealed class KeyedStreamingTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private StreamQueries Queries => new(fixture.Client);

    [Fact]
    public async Task PublishAsync_NEventsOverKKeys_SumOfCountsIsExactlyN()
    {
        const int events = 20_000, keys = 300;
        var before = (await Queries.GetStatsAsync("events")).Total;

        await using (var producer = new StreamProducer(fixture.Client))
        {
            for (var i = 0; i < events; i++)
            {
                await producer.PublishAsync("events", Key("exact", i % keys), "p"u8.ToArray());
            }

            await producer.FlushAsync();
            Assert.Equal(events, producer.Statistics.EventsAcked);
            Assert.Equal(0, producer.Statistics.InFlight);
        }

        Assert.Equal(events, await SumOfCountsAsync("events", "exact", keys));
        var after = (await Queries.GetStatsAsync("events")).Total;
        Assert.Equal(events, after.EventsApplied - before.EventsApplied);
        Assert.Equal(0, after.CrcFailures - before.CrcFailures);
    }

    [Fact]
    public async Task PublishAsync_FivePercentCorrupted_StillExactlyNAndEveryFailureResent()
    {
        const int events = 20_000, keys = 200;
        var before = (await Queries.GetStatsAsync("events")).Total;
        var options = new ProducerOptions { MaxBatchEvents = 64 };

        await using var producer = new StreamProducer(fixture.Client, options, time: null, corruptFraction: 0.05);
        for (var i = 0; i < events; i++)
        {
            await producer.PublishAsync("events", Key("corrupt", i % keys), "p"u8.ToArray());
        }

        await producer.FlushAsync();

        var after = (await Queries.GetStatsAsync("events")).Total;
        var crcFailures = after.CrcFailures - before.CrcFailures;
        Assert.Equal(events, await SumOfCountsAsync("events", "corrupt", keys));
        Assert.True(crcFailures > 0, "fault injection should have corrupted some batches");
        Assert.Equal(producer.Statistics.Corrupted, crcFailures);
        Assert.True(producer.Statistics.BatchesResent >= crcFailures, $"resent {producer.Statistics.BatchesResent} < CRC failures {crcFailures}");
        Assert.Equal(events, after.EventsApplied - before.EventsApplied);
    }

    [Fact]
    public async Task AckedBatch_SentAgain_IsAppliedOnceAndAckedAgain()
    {
        var observer = new RecordingAckObserver();
        var reference = fixture.Client.CreateObjectReference<IBatchAckObserver>(observer);
        var batches = new HandMadeBatches(fixture.Client, reference);
        var placement = (await Queries.LocateAsync("events", ["dup-key"]))[0];
        var batch = batches.Build("events", placement.Partition, 1, "dup-key", "dup-key", "dup-key");

        await batches.SendAsync(batch);
        await Eventually.TrueAsync(() => Task.FromResult(observer.AckCount(1) == 1), Wait, "the first send to be acknowledged");
        await batches.SendAsync(batch);
        await Eventually.TrueAsync(() => Task.FromResult(observer.AckCount(1) == 2), Wait, "the duplicate to be acknowledged again");

        var state = await Queries.GetKeyAsync("events", "dup-key");
        Assert.Equal(3, state!.Count);
        Assert.Empty(observer.Rejections);
    }

    [Theory]
    [InlineData("crc")]
    [InlineData("partition")]
    [InlineData("count")]
    public async Task MalformedBatch_IsRejectedAndNeverTouchesState(string fault)
    {
        var observer = new RecordingAckObserver();
        var reference = fixture.Client.CreateObjectReference<IBatchAckObserver>(observer);
        var batches = new HandMadeBatches(fixture.Client, reference);
        var key = "malformed-" + fault;
        var partition = (await Queries.LocateAsync("events", [key]))[0].Partition;
        var good = batches.Build("events", partition, 1, key);
        var (batch, expected) = fault switch
        {
            "crc" => (good with { Crc = good.Crc ^ 1 }, BatchRejectReason.CrcMismatch),
            "partition" => (HandMadeBatches.Resealed(batches.Build("events", (partition + 1) % 8, 1, key)), BatchRejectReason.Malformed),
            _ => (HandMadeBatches.Resealed(good with { Count = 5 }), BatchRejectReason.Malformed),
        };

        await batches.SendAsync(batch, toPartition: partition);
        await Eventually.TrueAsync(() => Task.FromResult(!observer.Rejections.IsEmpty), Wait, "a rejection");

        var rejection = Assert.Single(observer.Rejections);
        Assert.Equal(expected, rejection.Reason);
        Assert.Equal(1, rejection.Sequence);
        Assert.Null(await Queries.GetKeyAsync("events", key));
        Assert.Empty(observer.Acks);
    }

    internal static string Key(string prefix, int i) => prefix + "-" + i.ToString(CultureInfo.InvariantCulture);

    private async Task<long> SumOfCountsAsync(string stream, string prefix, int keys)
    {
        var states = await Task.WhenAll(Enumerable.Range(0, keys).Select(k => Queries.GetKeyAsync(stream, Key(prefix, k))));
        return states.Sum(s => s?.Count ?? 0);
    }
}
