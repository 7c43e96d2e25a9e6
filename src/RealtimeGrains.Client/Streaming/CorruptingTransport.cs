using RealtimeGrains.Streaming;

namespace RealtimeGrains.Client.Streaming;

/// <summary>
/// Fault injection, kept out of the public options: flips one bit of a copy of the events of a <paramref name="fraction"/>
/// of sends, so partitions catch them by CRC and the producer resends. Tests, <c>rtg load --corrupt-rate</c> and
/// <c>rtg demo</c> use it through <see cref="StreamProducer"/>'s internal constructor.
/// </summary>
internal sealed class CorruptingTransport(IBatchTransport inner, double fraction, ProducerCounters counters) : IBatchTransport
{
    private readonly double _fraction = fraction is >= 0 and <= 1
        ? fraction
        : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"corrupt fraction = '{fraction}' is not valid; allowed: 0-1");

    public Task<BatchRejection?> SendAsync(StreamBatch batch, CancellationToken cancellationToken)
    {
        if (Random.Shared.NextDouble() >= _fraction)
        {
            return inner.SendAsync(batch, cancellationToken);
        }

        counters.Corrupted();
        var events = (byte[])batch.Events.Clone();
        events[Random.Shared.Next(events.Length)] ^= (byte)(1 << Random.Shared.Next(8));
        return inner.SendAsync(batch with { Events = events }, cancellationToken);
    }
}
