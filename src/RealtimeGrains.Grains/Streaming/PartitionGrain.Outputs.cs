using RealtimeGrains.Streaming.Processing;

namespace RealtimeGrains.Streaming;

/// <summary>Queries, batches delivered by other partitions' processors, and subscriptions to retained outputs.</summary>
internal sealed partial class PartitionGrain
{
    /// <summary>Most outputs one replay message carries.</summary>
    private const int ReplayChunk = 512;

    public Task<KeyStateView?> GetKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Task.FromResult(_runtime?.Query(key));
    }

    public Task Deliver(StreamBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Accept(batch, waiter) is { } rejection ? Task.FromException(new BatchRejectedException(rejection)) : waiter.Task;
    }

    public Task<OutputPage> ReadOutputs(string key, long after, int max)
    {
        ArgumentNullException.ThrowIfNull(key);
        var runtime = Retaining();
        var page = runtime.ReadOutputs(key, after, Math.Clamp(max, 1, 10_000));
        var uncommitted = runtime.UncommittedOutputs();
        return Task.FromResult(uncommitted.Count == 0 ? page : page with { Outputs = [.. page.Outputs.Where(o => !uncommitted.Contains((o.Key, o.Sequence)))] });
    }

    public Task<IReadOnlyDictionary<string, long>> Subscribe(IOutputObserver observer, OutputSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(subscription);
        var runtime = Retaining();
        var uncommitted = runtime.UncommittedOutputs();
        var replay = new List<StreamOutput>();
        var live = new Dictionary<string, long>(StringComparer.Ordinal);
        var keys = subscription.Key is { } one
            ? runtime.RetainedKeys().Where(k => k.Key == one)
            : runtime.RetainedKeys();
        foreach (var (key, last) in keys)
        {
            var listed = subscription.After.TryGetValue(key, out var seen);
            if (!listed && !subscription.FromStart)
            {
                // Followed from now on: outputs not yet checkpointed are new to this subscriber and pushed later.
                live[key] = uncommitted.Where(u => u.Key == key).Select(u => u.Sequence - 1).DefaultIfEmpty(last).Min();
                continue;
            }

            var after = listed ? seen : 0;
            if (after >= last)
            {
                continue;
            }

            foreach (var output in runtime.ReadOutputs(key, after, int.MaxValue).Outputs)
            {
                if (uncommitted.Contains((output.Key, output.Sequence)))
                {
                    break; // sent live once its checkpoint is written
                }

                replay.Add(output);
                if (replay.Count == ReplayChunk)
                {
                    observer.OnOutputs(replay).Ignore();
                    replay = [];
                }
            }
        }

        if (replay.Count > 0)
        {
            observer.OnOutputs(replay).Ignore();
        }

        _subscribers.Add(subscription.Id, observer, subscription.Key, LeaseEnd());
        return Task.FromResult<IReadOnlyDictionary<string, long>>(live);
    }

    public Task<bool> Renew(Guid subscription) => Task.FromResult(_subscribers.Renew(subscription, LeaseEnd()));

    public Task Unsubscribe(Guid subscription)
    {
        _subscribers.Remove(subscription);
        return Task.CompletedTask;
    }

    private DateTimeOffset LeaseEnd() => time.GetUtcNow() + TimeSpan.FromMilliseconds(_options.SubscriptionLeaseMs);

    private IProcessorRuntime Retaining()
    {
        if (_declared is null || _runtime is null)
        {
            throw new ArgumentException($"stream '{_stream}' partition {_partition} is not declared on this silo");
        }

        if (_declared.Definition.Retain == 0)
        {
            throw new ArgumentException($"stream '{_stream}' retains no outputs (its Retain is 0): declare Retain, or make it another stream's Output, to subscribe to it");
        }

        return _runtime;
    }
}
