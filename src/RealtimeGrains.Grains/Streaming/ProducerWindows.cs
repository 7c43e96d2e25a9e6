namespace RealtimeGrains.Streaming;

/// <summary>
/// The dedup windows of a partition's producers (its persisted map), kept bounded: producers idle past the
/// retention are forgotten (checked when a new producer arrives, at most once per <see cref="IdleCheckPeriod"/>),
/// and beyond <c>maxProducers</c> the idlest is forgotten. A new or forgotten producer's window starts at what
/// its batch says was acknowledged: those sequences were applied and checkpointed here.
/// </summary>
internal sealed class ProducerWindows(int maxProducers, TimeSpan retention)
{
    /// <summary>Least time between two scans for idle producers.</summary>
    public static readonly TimeSpan IdleCheckPeriod = TimeSpan.FromMinutes(1);

    private DateTimeOffset _lastIdleCheck = DateTimeOffset.MinValue;

    /// <summary>The window of <paramref name="producerId"/> in <paramref name="producers"/>, created when unknown; marks it seen at <paramref name="now"/>.</summary>
    public ProducerWindow For(Dictionary<Guid, ProducerWindow> producers, Guid producerId, long acknowledgedUpTo, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(producers);
        if (!producers.TryGetValue(producerId, out var window))
        {
            ForgetIdle(producers, now);
            if (producers.Count >= maxProducers)
            {
                producers.Remove(producers.MinBy(p => p.Value.LastSeen).Key);
            }

            window = new ProducerWindow { Contiguous = Math.Max(0, acknowledgedUpTo) };
            producers[producerId] = window;
        }

        window.LastSeen = now;
        return window;
    }

    private void ForgetIdle(Dictionary<Guid, ProducerWindow> producers, DateTimeOffset now)
    {
        if (now - _lastIdleCheck < IdleCheckPeriod)
        {
            return;
        }

        _lastIdleCheck = now;
        var cutoff = now - retention;
        foreach (var (id, window) in producers)
        {
            if (window.LastSeen < cutoff)
            {
                producers.Remove(id);
            }
        }
    }
}
