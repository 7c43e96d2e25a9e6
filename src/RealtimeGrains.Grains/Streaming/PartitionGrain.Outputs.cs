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
        return Task.FromResult(Declared().Query(key));
    }

    public Task Deliver(StreamBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Declared();
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

    public Task<bool> Renew(Guid subscription)
    {
        Declared();
        return Task.FromResult(_subscribers.Renew(subscription, LeaseEnd()));
    }

    public Task Unsubscribe(Guid subscription)
    {
        Declared();
        _subscribers.Remove(subscription);
        return Task.CompletedTask;
    }

    private DateTimeOffset LeaseEnd() => time.GetUtcNow() + TimeSpan.FromMilliseconds(_options.SubscriptionLeaseMs);

    private IProcessorRuntime Retaining()
    {
        var runtime = Declared();
        if (_declared!.Definition.Retain == 0)
        {
            throw new ArgumentException($"stream '{_stream}' retains no outputs (its Retain is 0): declare Retain, or make it another stream's Output, to subscribe to it");
        }

        return runtime;
    }

    /// <summary>
    /// The runtime of this declared partition; for a key that names no declared partition the activation is dropped
    /// (a caller naming millions of keys must not keep millions of activations) and the call refused.
    /// </summary>
    private IProcessorRuntime Declared()
    {
        if (_declared is not null && _runtime is not null)
        {
            return _runtime;
        }

        DeactivateOnIdle();
        throw new UnknownPartitionException(
            $"partition grain '{IngressCheck.Shorten(this.GetPrimaryKeyString())}' names no declared partition ({{declared stream}}/{{0..Partitions-1}})");
    }
}
