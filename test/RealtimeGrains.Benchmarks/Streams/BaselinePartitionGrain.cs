using Orleans.Streams;
using Orleans.Streams.Core;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.Processors;

namespace RealtimeGrains.Benchmarks.Streams;

public interface IBaselinePartitionGrain : IGrainWithStringKey
{
    Task<long> Applied();
}

/// <summary>
/// Plain Orleans: the same packed batches through the same memory stream, applied to per-key counts in
/// memory, with no CRC check, dedup, checkpoint or acknowledgement.
/// </summary>
[ImplicitStreamSubscription(Namespace)]
internal sealed class BaselinePartitionGrain : Grain, IBaselinePartitionGrain, IStreamSubscriptionObserver, IAsyncObserver<StreamBatch>
{
    public const string Namespace = "rtg.baseline";
    private static readonly CountProcessor Count = new();
    private readonly Dictionary<string, KeyState> _keys = new(StringComparer.Ordinal);
    private long _applied;

    public Task<long> Applied() => Task.FromResult(_applied);

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<StreamBatch>().ResumeAsync(this);

    public Task OnNextAsync(StreamBatch item, StreamSequenceToken? token = null)
    {
        _applied += EventApplier.Apply(_keys, item.Events, Count).Applied;
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
