using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>What a subscriber does with an output, given the last sequence it delivered of the output's key.</summary>
internal enum OutputVerdict
{
    /// <summary>At or below the key's position: seen already (or before where the subscriber asked to start).</summary>
    Duplicate,

    /// <summary>The next one of its key: deliver it.</summary>
    Next,

    /// <summary>Outputs of the key between its position and this one have not arrived: read them first.</summary>
    Gap,
}

/// <summary>Reads a key's retained outputs after a sequence, at most a number of them (<c>IPartitionGrain.ReadOutputs</c>).</summary>
internal delegate Task<OutputPage> ReadRetained(string key, long after, int max, CancellationToken cancellationToken);

/// <summary>
/// Puts a subscriber's outputs in order. Keeps its per-key positions (the last sequence delivered of each key), drops
/// duplicates, fills gaps from the partition's retained outputs before delivering what comes after them, and counts
/// outputs that were no longer retained. Sequences are dense per key from 1, so "last + 1" is always the next one.
/// Owned by one reader; not thread-safe.
/// </summary>
internal sealed class OutputSequencer
{
    private readonly Dictionary<string, long> _last;
    private readonly long _floor;
    private readonly int _pageSize;

    /// <param name="positions">Keys whose position is known at the start (a resume, or one key from a sequence).</param>
    /// <param name="floor">
    /// For keys without a position: outputs at or below it are not delivered. The first output above it starts the key
    /// wherever it is (its partition sends a key's retained outputs from the oldest), so it is never a gap.
    /// </param>
    /// <param name="pageSize">Outputs asked for per read of retained outputs.</param>
    public OutputSequencer(IReadOnlyDictionary<string, long>? positions = null, long floor = 0, int pageSize = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(floor);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        _pageSize = pageSize;
        _last = positions is null ? new(StringComparer.Ordinal) : new(positions, StringComparer.Ordinal);
        _floor = floor;
    }

    /// <summary>Outputs skipped because their partition no longer retained them when they were read.</summary>
    public long Missed { get; private set; }

    // Per key: when its first output was parked, and the parked outputs by sequence.
    private readonly Dictionary<string, (long Since, SortedDictionary<long, StreamOutput> Outputs)> _parked = new(StringComparer.Ordinal);

    /// <summary>Keys with outputs waiting for an earlier one.</summary>
    public int Parked => _parked.Count;

    /// <summary>
    /// Takes a pushed output without reading anything: in order, it is delivered with any parked outputs that
    /// follow it; a duplicate is dropped; ahead of a gap, it is parked until the missing outputs arrive (pushes can
    /// overtake each other) or <see cref="FillParkedAsync"/> reads them from retention.
    /// </summary>
    public void Push(StreamOutput output, ICollection<StreamOutput> delivered, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(output);
        switch (Check(output.Key, output.Sequence))
        {
            case OutputVerdict.Next:
                TryDeliver(output, delivered);
                Drain(output.Key, delivered);
                break;
            case OutputVerdict.Gap:
                if (!_parked.TryGetValue(output.Key, out var parked))
                {
                    _parked[output.Key] = parked = (nowMs, []);
                }

                parked.Outputs.TryAdd(output.Sequence, output);
                break;
        }
    }

    /// <summary>Reads from retention the outputs missing before keys parked for at least <paramref name="maxAgeMs"/>, then delivers what was parked.</summary>
    public async Task FillParkedAsync(long nowMs, long maxAgeMs, ICollection<StreamOutput> delivered, ReadRetained read, CancellationToken cancellationToken)
    {
        foreach (var (key, parked) in _parked.Where(p => nowMs - p.Value.Since >= maxAgeMs).ToList())
        {
            await FillAsync(key, parked.Outputs.Keys.First() - 1, delivered, read, cancellationToken).ConfigureAwait(false);
            Drain(key, delivered);
        }
    }

    /// <summary>Delivers the key's parked outputs that now follow its position; drops those at or below it.</summary>
    private void Drain(string key, ICollection<StreamOutput> delivered)
    {
        if (!_parked.TryGetValue(key, out var parked))
        {
            return;
        }

        while (parked.Outputs.Count > 0)
        {
            var (sequence, output) = parked.Outputs.First();
            if (Check(key, sequence) == OutputVerdict.Gap)
            {
                return;
            }

            parked.Outputs.Remove(sequence);
            TryDeliver(output, delivered);
        }

        _parked.Remove(key);
    }

    /// <summary>
    /// Takes one pushed output: a duplicate is dropped; after a gap, the key's missing outputs are read first; what is
    /// new goes to <paramref name="delivered"/> in sequence order.
    /// </summary>
    public async Task AcceptAsync(StreamOutput output, ICollection<StreamOutput> delivered, ReadRetained read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Check(output.Key, output.Sequence) == OutputVerdict.Gap)
        {
            await FillAsync(output.Key, output.Sequence - 1, delivered, read, cancellationToken).ConfigureAwait(false);
        }

        TryDeliver(output, delivered);
    }

    /// <summary>
    /// Reads a key's retained outputs after its position, up to <paramref name="upTo"/> (or all of them), into
    /// <paramref name="delivered"/>. A key without a position starts after <paramref name="startAfter"/>. Outputs the
    /// partition no longer retains are counted in <see cref="Missed"/> and skipped.
    /// </summary>
    public async Task FillAsync(string key, long? upTo, ICollection<StreamOutput> delivered, ReadRetained read, CancellationToken cancellationToken, long startAfter = 0)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        ArgumentNullException.ThrowIfNull(read);
        Seed(key, startAfter);
        var end = upTo ?? long.MaxValue;
        while (true)
        {
            var start = _last[key];
            var max = upTo is { } bound ? (int)Math.Min(_pageSize, bound - start) : _pageSize;
            if (max <= 0)
            {
                return;
            }

            var page = await read(key, start, max, cancellationToken).ConfigureAwait(false);

            // Skip only moves forward: what precedes the oldest retained output, and any hole before an output read, is
            // counted as missed; outputs at or below the position are dropped by TryDeliver.
            Skip(key, Math.Min(page.FirstRetained - 1, end));
            foreach (var output in page.Outputs.TakeWhile(o => o.Sequence <= end))
            {
                Skip(key, output.Sequence - 1);
                TryDeliver(output, delivered);
            }

            // A page that moves nothing forward ends the read (no endless loop on a partition that does not have what it
            // was asked for): with a bound, what is still missing up to it is counted as missed.
            if (_last[key] == start)
            {
                Skip(key, upTo ?? start);
                return;
            }

            if (_last[key] >= (upTo ?? page.Last))
            {
                return;
            }
        }
    }

    public OutputVerdict Check(string key, long sequence)
    {
        // A key never seen starts after the floor: its outputs from the floor on are new (the partition said which
        // keys it follows from a later position when it accepted the subscription).
        var last = _last.TryGetValue(key, out var known) ? known : _floor;

        return sequence <= last ? OutputVerdict.Duplicate
            : sequence == last + 1 ? OutputVerdict.Next
            : OutputVerdict.Gap;
    }

    /// <summary>
    /// Checks an output and, when it is the next of its key, moves the key's position to it and adds it to
    /// <paramref name="delivered"/>.
    /// </summary>
    public bool TryDeliver(StreamOutput output, ICollection<StreamOutput>? delivered = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Check(output.Key, output.Sequence) != OutputVerdict.Next)
        {
            return false;
        }

        _last[output.Key] = output.Sequence;
        delivered?.Add(output);
        return true;
    }

    public bool TryGetPosition(string key, out long last) => _last.TryGetValue(key, out last);

    /// <summary>Gives a key without a position one (outputs at or below it count as seen); a key with one keeps it.</summary>
    public void Seed(string key, long last)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(last);
        _last.TryAdd(key, Math.Max(last, _floor));
    }

    /// <summary>The positions of the keys <paramref name="include"/> selects (all when null): where a resubscription resumes.</summary>
    public Dictionary<string, long> Positions(Func<string, bool>? include = null) =>
        _last.Where(p => include is null || include(p.Key)).ToDictionary(StringComparer.Ordinal);

    /// <summary>Moves a key's position to <paramref name="upTo"/>, counting what it passes over as missed.</summary>
    private void Skip(string key, long upTo)
    {
        var last = _last[key];
        if (upTo > last)
        {
            Missed += upTo - last;
            _last[key] = upTo;
        }
    }
}
