using Orleans.Streams;
using Orleans.Streams.Core;
using RealtimeGrains.Partitioning;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.Processing;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Benchmarks.Streams;

public interface IBaselinePartitionGrain : IGrainWithStringKey
{
    Task<long> Applied();
}

/// <summary>
/// Plain Orleans: the same packed batches through a memory stream (what the event path used before direct ingest), applied to per-key counts in
/// memory (the same state table, never checkpointed), with no CRC check, dedup, checkpoint or acknowledgement.
/// </summary>
[ImplicitStreamSubscription(Namespace)]
internal sealed class BaselinePartitionGrain : Grain, IBaselinePartitionGrain, IStreamSubscriptionObserver, IAsyncObserver<StreamBatch>
{
    public const string Namespace = "rtg.baseline";
    private static readonly Partitioner Buckets = new(4096, 1);
    private readonly PartitionStateTable<long> _keys = new(new StateScope { Stream = Namespace, Partitions = 1, Partition = 0, SegmentPrefix = Namespace, FirstBucket = 0, EndBucket = 4096 }, 4096, Int64StateCodec.Instance);
    private long _applied;

    public Task<long> Applied() => Task.FromResult(_applied);

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<StreamBatch>().ResumeAsync(this);

    public Task OnNextAsync(StreamBatch item, StreamSequenceToken? token = null)
    {
        var reader = new EventReader(item.Events);
        while (reader.TryRead(out var key, out _))
        {
            var bucket = Buckets.Bucket(key);
            ref var count = ref _keys.Find(bucket, key);
            if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref count))
            {
                _keys.Add(bucket, key, 1, 0);
            }
            else
            {
                count.State++;
            }

            _applied++;
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
