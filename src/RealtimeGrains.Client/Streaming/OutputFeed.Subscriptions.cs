using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>The feed's subscription half: subscribing each partition, renewing leases, resubscribing, unsubscribing.</summary>
public sealed partial class OutputFeed
{
    /// <summary>Unsubscribing waits at most this long for partitions; one that does not answer drops the subscription when its lease runs out.</summary>
    private static readonly TimeSpan UnsubscribeWait = TimeSpan.FromSeconds(2);

    private readonly IPartitionGrain?[] _grains;
    private readonly int[] _resubscribing;
    private readonly Task?[] _renewals;
    // Never disposed: it holds no timer, and its token stays valid for a reader that drains what came before disposal.
    private readonly CancellationTokenSource _stopping = new();

    // Orleans holds client-side observers weakly: the feed keeps its observer alive as long as the subscription.
    private readonly FeedObserver _observer;
    private readonly IOutputObserver _reference;
    private Task _renewing = Task.CompletedTask;
    private int _resubscriptions;
    private int _disposed;

    /// <summary>Subscribes on every partition the feed follows, then starts renewing.</summary>
    /// <exception cref="StreamNotRetainedException">The stream retains no outputs.</exception>
    internal async Task StartAsync()
    {
        try
        {
            await Task.WhenAll(_partitions.Select(SubscribeAsync)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await DisposeAsync().ConfigureAwait(false);
            if (ex is ArgumentException and not StreamNotRetainedException)
            {
                throw new StreamNotRetainedException(Stream, ex);
            }

            throw;
        }

        _renewing = RenewLeasesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_partitions.Select(p => Grain(p).Unsubscribe(Id))).WaitAsync(UnsubscribeWait, _time).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: a partition that does not hear of it lets the subscription go when its lease runs out.
        }

        _client.DeleteObjectReference<IOutputObserver>(_reference);
    }

    /// <summary>Subscribes one partition; keys it follows from now on start at the positions it returns, others at sequence 1.</summary>
    private async Task SubscribeAsync(int partition)
    {
        var live = await Grain(partition).Subscribe(_reference, new OutputSubscription { Id = Id, Key = Key, After = PositionsOf(partition), FromStart = _fromStart }).ConfigureAwait(false);
        foreach (var (key, last) in live)
        {
            _sequencer.Seed(key, last);
        }
    }

    /// <summary>Where a partition resumes: the last sequence yielded of each of its keys.</summary>
    private Dictionary<string, long> PositionsOf(int partition) =>
        Key is { } key ? _sequencer.Positions(k => k == key) : _sequencer.Positions(k => _route.Partitioner.Partition(k) == partition);

    private async Task ResubscribeAsync(int partition)
    {
        Volatile.Write(ref _resubscribing[partition], 0);
        try
        {
            await SubscribeAsync(partition).ConfigureAwait(false);
            Interlocked.Increment(ref _resubscriptions);
        }
        catch (ArgumentException ex)
        {
            throw new StreamNotRetainedException(Stream, ex);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException)
        {
            // The next renewal finds the partition still without the subscription and asks again.
        }
    }

    /// <summary>
    /// Renews every partition's lease each period. A renewal still running (a partition whose silo is gone) does not hold
    /// up the others'; a partition that does not know the subscription is handed to the reader to subscribe again.
    /// </summary>
    private async Task RenewLeasesAsync()
    {
        using var timer = new PeriodicTimer(_options.RenewPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                foreach (var partition in _partitions)
                {
                    if (_renewals[partition] is not { IsCompleted: false })
                    {
                        _renewals[partition] = RenewLeaseAsync(partition, _stopping.Token);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }

        await Task.WhenAll(_renewals.OfType<Task>()).ConfigureAwait(false);
    }

    private async Task RenewLeaseAsync(int partition, CancellationToken stopping)
    {
        if (Volatile.Read(ref _resubscribing[partition]) == 1)
        {
            return;
        }

        bool known;
        try
        {
            known = await Grain(partition).Renew(Id).WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception)
        {
            // Whatever the failure (silo gone, partition moving), subscribing again is the way back; the reader reports what it cannot fix.
            known = false;
        }

        if (!known && Interlocked.Exchange(ref _resubscribing[partition], 1) == 0)
        {
            _inbox.Writer.TryWrite(FeedSignal.Resubscribe(partition));
        }
    }

    private IPartitionGrain Grain(int partition) =>
        _grains[partition] ??= _client.GetGrain<IPartitionGrain>(_route.Definition.PartitionKey(partition));
}
