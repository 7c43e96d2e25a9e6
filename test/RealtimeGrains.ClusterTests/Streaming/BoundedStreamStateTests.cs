using RealtimeGrains.Client.Streaming;
using RealtimeGrains.Streaming;
using RealtimeGrains.Testing;

namespace RealtimeGrains.ClusterTests.Streaming;

/// <summary>What keeps a partition's producer map and the ingress bounded without refusing honest producers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BoundedStreamStateTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private StreamQueries Queries => new(fixture.Client);

    [Fact]
    public async Task UnknownProducer_BatchFarPastWindowWithAcknowledgedUpTo_AppliedOnceAndOlderResendDropped()
    {
        var observer = new RecordingAckObserver();
        var batches = new HandMadeBatches(fixture.Client, fixture.Client.CreateObjectReference<IBatchAckObserver>(observer));
        const string key = "forgotten-producer";
        var partition = (await Queries.LocateAsync("events", [key]))[0].Partition;

        // As after the partition forgot it: the producer's sequence is far past any fresh window.
        await batches.SendAsync(HandMadeBatches.Resealed(batches.Build("events", partition, 5_000, key) with { AcknowledgedUpTo = 4_999 }));
        await Eventually.TrueAsync(() => Task.FromResult(observer.AckCount(5_000) == 1), Wait, "batch 5000 to be acknowledged");
        await batches.SendAsync(HandMadeBatches.Resealed(batches.Build("events", partition, 4_999, key) with { AcknowledgedUpTo = 4_998 }));
        await Eventually.TrueAsync(() => Task.FromResult(observer.AckCount(4_999) == 1), Wait, "the acknowledged batch 4999 to be acknowledged again");
        await batches.SendAsync(HandMadeBatches.Resealed(batches.Build("events", partition, 5_000 + 2_000, key) with { AcknowledgedUpTo = 4_999 }));
        await Eventually.TrueAsync(() => Task.FromResult(!observer.Rejections.IsEmpty), Wait, "the batch past the window to be refused");

        Assert.Equal(1, (await Queries.GetKeyAsync("events", key))!.Count);
        var rejection = Assert.Single(observer.Rejections);
        Assert.Equal(BatchRejectReason.OutOfWindow, rejection.Reason);
        Assert.Equal(7_000, rejection.Sequence);
    }

    [Theory]
    [InlineData("no-such-stream", 0)]
    [InlineData("events", 8)]
    [InlineData("events", -1)]
    public async Task IngressPublish_UndeclaredStreamOrPartition_RefusedAsMalformedToTheCaller(string stream, int partition)
    {
        var observer = new RecordingAckObserver();
        var batches = new HandMadeBatches(fixture.Client, fixture.Client.CreateObjectReference<IBatchAckObserver>(observer));
        var batch = batches.Build(stream, partition, 1, "k");

        var refused = await Assert.ThrowsAsync<BatchRejectedException>(() => fixture.Client.GetGrain<IStreamIngressGrain>(0).Publish(batch));

        Assert.Equal(BatchRejectReason.Malformed, refused.Reason);
        Assert.Contains(" is not ", refused.Message, StringComparison.Ordinal);
        Assert.Empty(observer.Rejections);
        Assert.Empty(observer.Acks);
        var partitionGrain = (GrainReference)(object)fixture.Client.GetGrain<IPartitionGrain>(PartitionGrainKey.Format(stream, partition));
        Assert.Equal(0, await fixture.Client.GetGrain<IManagementGrain>(0).GetGrainActivationCount(partitionGrain));
    }
}
