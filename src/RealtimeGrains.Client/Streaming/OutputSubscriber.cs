using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// Follows streams' outputs: each output has a per-key sequence, the last N per key are retained by its partition, and a
/// subscriber gets the retained ones it asks for, then new ones as they are checkpointed, without a gap or a duplicate,
/// across partitions that move or restart. Thread-safe; every subscription is its own <see cref="OutputFeed"/>.
/// </summary>
public sealed class OutputSubscriber
{
    private readonly IClusterClient _client;
    private readonly Serializer _serializer;
    private readonly OutputSubscriberOptions _options;
    private readonly TimeProvider _time;
    private readonly StreamDirectory _directory;

    /// <summary>Creates a subscriber on a connected cluster client.</summary>
    public OutputSubscriber(IClusterClient client, OutputSubscriberOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _serializer = client.ServiceProvider.GetRequiredService<Serializer>();
        _options = options ?? new OutputSubscriberOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _directory = new StreamDirectory(client);
    }

    /// <summary>
    /// Follows the outputs of <paramref name="stream"/> (of one <paramref name="key"/>, or all keys) until the enumeration
    /// is cancelled or abandoned, which unsubscribes.
    /// </summary>
    /// <param name="stream">A declared stream that retains outputs.</param>
    /// <param name="key">The one key to follow, or null for all keys.</param>
    /// <param name="fromSequence">
    /// Where to start, inclusive: retained outputs with this sequence or later (of the key, or of every key), then new
    /// ones; 0 or 1 replays everything retained. Null: only outputs checkpointed from now on.
    /// </param>
    /// <param name="cancellationToken">Stops following.</param>
    /// <exception cref="StreamNotRetainedException">The stream retains no outputs.</exception>
    /// <exception cref="UnknownStreamException">The stream is not declared.</exception>
    public async IAsyncEnumerable<StreamOutput> SubscribeAsync(
        string stream, string? key = null, long? fromSequence = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var feed = await OpenAsync(stream, key, fromSequence, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (feed.ConfigureAwait(false))
        {
            await foreach (var output in feed.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return output;
            }
        }
    }

    /// <summary>
    /// As <see cref="SubscribeAsync(string, string?, long?, CancellationToken)"/>, with each output's value read as
    /// <typeparamref name="T"/>: a typed payload through Orleans' serializer, a raw one as <c>byte[]</c> or <c>string</c>.
    /// </summary>
    /// <exception cref="InvalidCastException">An output's value cannot be read as <typeparamref name="T"/>.</exception>
    public async IAsyncEnumerable<Output<T>> SubscribeAsync<T>(
        string stream, string? key = null, long? fromSequence = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var output in SubscribeAsync(stream, key, fromSequence, cancellationToken).ConfigureAwait(false))
        {
            yield return OutputValue.Read<T>(output, _serializer);
        }
    }

    /// <summary>
    /// Subscribes and returns the open feed (its <see cref="OutputFeed.Missed"/> and other counters stay readable); dispose
    /// it to unsubscribe. <paramref name="after"/> resumes keys from the last sequence a previous feed yielded of each
    /// (it takes precedence over <paramref name="fromSequence"/> for the keys it lists).
    /// </summary>
    /// <exception cref="StreamNotRetainedException">The stream retains no outputs.</exception>
    /// <exception cref="UnknownStreamException">The stream is not declared.</exception>
    public async Task<OutputFeed> OpenAsync(
        string stream, string? key = null, long? fromSequence = null, IReadOnlyDictionary<string, long>? after = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (key is { Length: 0 })
        {
            throw new ArgumentException($"stream '{stream}': the key to follow is empty; pass null to follow every key", nameof(key));
        }

        if (fromSequence < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fromSequence), fromSequence, "sequences start at 1 (0 or 1 replays everything retained)");
        }

        var route = await _directory.GetAsync(stream).WaitAsync(cancellationToken).ConfigureAwait(false);
        var seenBefore = fromSequence is { } from ? Math.Max(from, 1) - 1 : 0;
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (afterKey, sequence) in after ?? new Dictionary<string, long>())
        {
            ArgumentOutOfRangeException.ThrowIfNegative(sequence, nameof(after));
            positions[afterKey] = sequence;
        }

        if (key is not null && !positions.ContainsKey(key))
        {
            // The key starts before fromSequence; without one, "from now on" is "after its newest output": with that
            // position a resubscription misses nothing.
            positions[key] = fromSequence is null
                ? await NewestSequenceAsync(route, key).WaitAsync(cancellationToken).ConfigureAwait(false)
                : seenBefore;
        }

        var sequencer = new OutputSequencer(positions, floor: key is null ? seenBefore : 0, _options.ReadPageSize);
        var feed = new OutputFeed(_client, _serializer, _options, _time, route, key, fromStart: fromSequence is not null, sequencer);
        await feed.StartAsync().ConfigureAwait(false);
        return feed;
    }

    private async Task<long> NewestSequenceAsync(RoutedStream route, string key)
    {
        var partition = _client.GetGrain<IPartitionGrain>(route.Definition.PartitionKey(route.Partitioner.Partition(key)));
        try
        {
            return (await partition.ReadOutputs(key, 0, 1).ConfigureAwait(false)).Last;
        }
        catch (ArgumentException ex)
        {
            throw new StreamNotRetainedException(route.Definition.Name, ex);
        }
    }
}
