using System.Globalization;
using System.Text;
using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;
using RealtimeGrains.Testing;

namespace RealtimeGrains.ClusterTests.Streaming;

[Collection(OutputsClusterCollection.Name)]
[Trait("Tier", "Cluster")]
public sealed class OutputSubscriptionTests(OutputsClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private OutputSubscriber Subscriber { get; } = new(fixture.Client, new OutputSubscriberOptions { RenewPeriod = TimeSpan.FromMilliseconds(100) });

    [Fact]
    public async Task SubscribeAsync_OneKeyFromFirstSequence_RetainedThenLiveInOrder()
    {
        await using var producer = fixture.OrderedProducer();
        await PublishAsync(producer, "one-key", 1, 5);
        await using var feed = await Subscriber.OpenAsync("outs", "one-key", fromSequence: 1);
        var reading = OutputReader.Start(feed, 10).Completion;

        await PublishAsync(producer, "one-key", 6, 10);

        var outputs = await reading;
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), outputs.Select(o => o.Sequence));
        Assert.Equal(Enumerable.Range(1, 10).Select(Payload), outputs.Select(o => Encoding.UTF8.GetString(o.Payload)));
        Assert.All(outputs, o => Assert.Equal(("outs", "one-key", false), (o.Stream, o.Key, o.Typed)));
        Assert.Equal(0, feed.Missed);
    }

    [Fact]
    public async Task SubscribeAsync_FromASequence_StartsThereInclusive()
    {
        await using var producer = fixture.OrderedProducer();
        await PublishAsync(producer, "from-key", 1, 6);

        var outputs = await Subscriber.SubscribeAsync("outs", "from-key", fromSequence: 4).Take(3).ToListAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal([4, 5, 6], outputs.Select(o => o.Sequence));
    }

    [Fact]
    public async Task SubscribeAsync_OneKeyWithoutStart_OnlyOutputsCheckpointedAfterSubscribing()
    {
        await using var producer = fixture.OrderedProducer();
        await PublishAsync(producer, "live-key", 1, 3);
        await using var feed = await Subscriber.OpenAsync("outs", "live-key");
        var reading = OutputReader.Start(feed, 2).Completion;

        await PublishAsync(producer, "live-key", 4, 5);

        Assert.Equal([4, 5], (await reading).Select(o => o.Sequence));
    }

    [Fact]
    public async Task SubscribeAsync_AllKeysFromStart_EveryKeyOfEveryPartitionInSequenceOrder()
    {
        var keys = Enumerable.Range(0, 24).Select(k => "all-" + k.ToString(CultureInfo.InvariantCulture)).ToArray();
        await using var producer = fixture.OrderedProducer();
        foreach (var key in keys)
        {
            await PublishAsync(producer, key, 1, 3);
        }

        await using var feed = await Subscriber.OpenAsync("outs", fromSequence: 0);
        var outputs = await OutputReader.Start(feed, until: seen => keys.All(k => seen.Count(o => o.Key == k) == 3)).Completion;

        foreach (var key in keys)
        {
            Assert.Equal([1, 2, 3], outputs.Where(o => o.Key == key).Select(o => o.Sequence));
        }
    }

    [Fact]
    public async Task OutputFeed_PartitionDeactivated_ResubscribesAndResumesWithoutGapOrDuplicate()
    {
        var keys = Enumerable.Range(0, 8).Select(k => "resume-" + k.ToString(CultureInfo.InvariantCulture)).ToArray();
        await using var producer = fixture.OrderedProducer();
        await using var feed = await Subscriber.OpenAsync("resumed", fromSequence: 0);
        var reader = OutputReader.Start(feed, until: seen => keys.All(k => seen.Count(o => o.Key == k) >= 10));
        foreach (var key in keys)
        {
            await PublishAsync(producer, key, 1, 5, "resumed");
        }

        await Eventually.TrueAsync(() => Task.FromResult(reader.Count == keys.Length * 5), Timeout, "the first five outputs of every key read");
        var definition = await fixture.Client.GetGrain<IStreamCatalogGrain>(0).Find("resumed");
        foreach (var partition in Enumerable.Range(0, definition!.Partitions))
        {
            await fixture.Cluster.DeactivateAsync(fixture.Client.GetGrain<IPartitionGrain>(definition.PartitionKey(partition)));
        }

        await Eventually.TrueAsync(() => Task.FromResult(feed.Resubscriptions >= 1), Timeout, "the feed to subscribe again to a reactivated partition");
        foreach (var key in keys)
        {
            await PublishAsync(producer, key, 6, 10, "resumed");
        }

        var outputs = await reader.Completion;
        foreach (var key in keys)
        {
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), outputs.Where(o => o.Key == key).Select(o => o.Sequence));
        }

        Assert.Equal(0, feed.Missed);
    }

    [Fact]
    public async Task OpenAsync_StreamRetainsNothing_ThrowsStreamNotRetained()
    {
        var ex = await Assert.ThrowsAsync<StreamNotRetainedException>(() => Subscriber.OpenAsync("unretained"));

        Assert.Equal("unretained", ex.Stream);
        Assert.StartsWith("stream 'unretained' retains no outputs", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_UndeclaredStream_ThrowsUnknownStream()
    {
        await Assert.ThrowsAsync<UnknownStreamException>(() => Subscriber.OpenAsync("nope"));
    }

    private static string Payload(int i) => "e" + i.ToString(CultureInfo.InvariantCulture);

    private static async Task PublishAsync(StreamProducer producer, string key, int first, int last, string stream = "outs")
    {
        for (var i = first; i <= last; i++)
        {
            await producer.PublishAsync(stream, key, Payload(i));
        }

        await producer.FlushAsync();
    }
}
