using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Orleans.Serialization;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// An open subscription to a stream's outputs (all keys, or one): partitions push outputs as they are checkpointed,
/// and the feed yields them in per-key sequence order with no duplicate and no gap. A gap (a push lost or overtaken)
/// is filled from the partition's retained outputs before the next output of the key is yielded; outputs no longer
/// retained by then are skipped and counted in <see cref="Missed"/>. Leases are renewed in the background; a partition
/// that no longer knows the subscription (it moved, was reactivated, or its silo died) is subscribed again from the
/// last sequence yielded of each of its keys. One reader at a time; dispose it to unsubscribe.
/// </summary>
public sealed partial class OutputFeed : IAsyncDisposable
{
    private readonly IClusterClient _client;
    private readonly Serializer _serializer;
    private readonly OutputSubscriberOptions _options;
    private readonly TimeProvider _time;
    private readonly RoutedStream _route;
    private readonly bool _fromStart;
    private readonly int[] _partitions;
    private readonly OutputSequencer _sequencer;
    private readonly Channel<FeedSignal> _inbox = Channel.CreateUnbounded<FeedSignal>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, long> _setAside = new(StringComparer.Ordinal);
    private readonly ReadRetained _read;

    // Outputs the sequencer released that no reader has taken yet (a reader that stops leaves them to the next one).
    private readonly List<StreamOutput> _ready = [];
    private long _buffered;
    private long _setAsideOutputs;
    private int _catchUpSignalled;
    private int _reading;
    private int _next;

    internal OutputFeed(
        IClusterClient client, Serializer serializer, OutputSubscriberOptions options, TimeProvider time, RoutedStream route,
        string? key, bool fromStart, OutputSequencer sequencer)
    {
        _client = client;
        _serializer = serializer;
        _options = options;
        _time = time;
        _route = route;
        Key = key;
        _fromStart = fromStart;
        _sequencer = sequencer;
        _read = ReadRetainedAsync;
        _partitions = key is null ? [.. Enumerable.Range(0, route.Definition.Partitions)] : [route.Partitioner.Partition(key)];
        _grains = new IPartitionGrain?[route.Definition.Partitions];
        _resubscribing = new int[route.Definition.Partitions];
        _renewals = new Task?[route.Definition.Partitions];
        _observer = new FeedObserver(this);
        _reference = client.CreateObjectReference<IOutputObserver>(_observer);
    }

    /// <summary>The subscription's id on every partition.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    public string Stream => _route.Definition.Name;

    /// <summary>The one key followed, or null for all keys.</summary>
    public string? Key { get; }

    /// <summary>Outputs skipped because their partition no longer retained them when the feed read them to fill a gap.</summary>
    public long Missed => _sequencer.Missed;

    /// <summary>Times a partition was subscribed again after it lost the subscription.</summary>
    public int Resubscriptions => Volatile.Read(ref _resubscriptions);

    /// <summary>Pushed outputs set aside (and read back from retention) because more than <see cref="OutputSubscriberOptions.MaxBufferedOutputs"/> were unread.</summary>
    public long SetAside => Interlocked.Read(ref _setAsideOutputs);

    /// <summary>The outputs, as they come, until the feed is disposed or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="StreamNotRetainedException">A resubscription found that the stream no longer retains outputs.</exception>
    public async IAsyncEnumerable<StreamOutput> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException($"the output feed of stream '{Stream}' is being read already; it has one reader at a time");
        }

        try
        {
            while (true)
            {
                while (_next < _ready.Count)
                {
                    yield return _ready[_next++];
                }

                _ready.Clear();
                _next = 0;
                if (_inbox.Reader.TryRead(out var signal))
                {
                    // Not the reader's token: a signal is handled whole, so stopping a read never drops outputs the sequencer took.
                    await HandleAsync(signal, _ready, _stopping.Token).ConfigureAwait(false);
                }
                else if (_sequencer.Parked > 0)
                {
                    // Outputs wait behind a gap: give the overtaken pushes a moment, then read what is still missing.
                    if (!await WaitForSignalAsync(GapWait, cancellationToken).ConfigureAwait(false))
                    {
                        await FillGapsAsync(_ready, _stopping.Token).ConfigureAwait(false);
                    }
                }
                else if (!await _inbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    /// <summary>Waits up to <paramref name="wait"/> for a signal; false when none came (or the inbox was completed).</summary>
    private async Task<bool> WaitForSignalAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            return await _inbox.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The outputs with their values read as <typeparamref name="T"/> (see <see cref="Output{T}"/>).</summary>
    /// <exception cref="InvalidCastException">An output's value cannot be read as <typeparamref name="T"/>.</exception>
    public async IAsyncEnumerable<Output<T>> ReadAllAsync<T>([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var output in ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return OutputValue.Read<T>(output, _serializer);
        }
    }

    /// <summary>Called by the observer on whatever thread a push arrives; hands the outputs to the reader.</summary>
    internal void OnPushed(IReadOnlyList<StreamOutput> outputs)
    {
        if (outputs.Count == 0)
        {
            return;
        }

        if (Interlocked.Add(ref _buffered, outputs.Count) <= _options.MaxBufferedOutputs && _inbox.Writer.TryWrite(FeedSignal.Pushed(outputs)))
        {
            return;
        }

        Interlocked.Add(ref _buffered, -outputs.Count);
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        // The reader is far behind: keep only where each key's set-aside outputs start, and read them back later.
        foreach (var output in outputs)
        {
            _setAside.AddOrUpdate(output.Key, static (_, sequence) => sequence, static (_, lowest, sequence) => Math.Min(lowest, sequence), output.Sequence);
        }

        Interlocked.Add(ref _setAsideOutputs, outputs.Count);
        if (Interlocked.Exchange(ref _catchUpSignalled, 1) == 0)
        {
            _inbox.Writer.TryWrite(FeedSignal.CatchUp);
        }
    }

    private async Task HandleAsync(FeedSignal signal, List<StreamOutput> ready, CancellationToken cancellationToken)
    {
        switch (signal.Kind)
        {
            case FeedSignalKind.Outputs:
                Interlocked.Add(ref _buffered, -signal.Outputs!.Count);
                foreach (var output in signal.Outputs)
                {
                    if (output.Stream == Stream && (Key is null || output.Key == Key))
                    {
                        _sequencer.Push(output, ready, NowMs);
                    }
                }

                await FillGapsAsync(ready, cancellationToken).ConfigureAwait(false);

                break;
            case FeedSignalKind.Resubscribe:
                await ResubscribeAsync(signal.Partition).ConfigureAwait(false);
                break;
            case FeedSignalKind.CatchUp:
                Volatile.Write(ref _catchUpSignalled, 0);
                foreach (var key in _setAside.Keys)
                {
                    if (_setAside.TryRemove(key, out var lowest))
                    {
                        await _sequencer.FillAsync(key, null, ready, _read, cancellationToken, startAfter: lowest - 1).ConfigureAwait(false);
                    }
                }

                break;
        }
    }

    /// <summary>How long an output ahead of a gap waits for the pushes it overtook before they are read from retention.</summary>
    private static readonly TimeSpan GapWait = TimeSpan.FromMilliseconds(50);

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private Task FillGapsAsync(List<StreamOutput> ready, CancellationToken cancellationToken) =>
        _sequencer.Parked == 0 ? Task.CompletedTask : _sequencer.FillParkedAsync(NowMs, (long)GapWait.TotalMilliseconds, ready, _read, cancellationToken);

    private Task<OutputPage> ReadRetainedAsync(string key, long after, int max, CancellationToken cancellationToken) =>
        Grain(_route.Partitioner.Partition(key)).ReadOutputs(key, after, max).WaitAsync(cancellationToken);
}
