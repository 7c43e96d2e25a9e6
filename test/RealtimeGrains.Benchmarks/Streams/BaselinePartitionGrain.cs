using Orleans.Streams;
using Orleans.Streams.Core;
using RealtimeGrains.Partitioning;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.Processors;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Benchmarks.Streams;

public interface IBaselinePartitionGrain : IGrainWithStringKey
{
    Task<long> Applied();
}

/// <summary>
/// Plain Orleans: the same packed batches through the same memory stream, applied to per-key counts in
/// memory (the same state table, never checkpointed), with no CRC check, dedup, checkpoint or acknowledgement.
/// </summary>
[ImplicitStreamSubscription(Namespace)]
internal sealed class BaselinePartitionGrain : Grain, IBaselinePartitionGrain, IStreamSubscriptionObserver, IAsyncObserver<StreamBatch>
{
    public const string Namespace = "rtg.baseline";
    private static readonly CountProcessor Count = new();
    private static readonly Partitioner Buckets = new(4096, 1);
    private readonly PartitionStateTable _keys = new(new StateScope { Stream = Namespace, Partitions = 1, Partition = 0, SegmentPrefix = Namespace, FirstBucket = 0, EndBucket = 4096 }, 4096);
    private long _applied;

    public Task<long> Applied() => Task.FromResult(_applied);

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<StreamBatch>().ResumeAsync(this);

    public Task OnNextAsync(StreamBatch item, StreamSequenceToken? token = null)
    {
        _applied += EventApplier.Apply(_keys, Buckets, item.Events, Count, now: 0).Applied;
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
