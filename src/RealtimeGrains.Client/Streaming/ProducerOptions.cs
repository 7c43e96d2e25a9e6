namespace RealtimeGrains.Client.Streaming;

/// <summary>Batching, flow control and retry of a <see cref="StreamProducer"/>.</summary>
public sealed class ProducerOptions
{
    /// <summary>A batch is sealed at this many events.</summary>
    public int MaxBatchEvents { get; set; } = 512;

    /// <summary>... or at this many packed bytes (at most 512 KiB: one memory-stream block is 1 MiB).</summary>
    public int MaxBatchBytes { get; set; } = 256 * 1024;

    /// <summary>... or when its first event has waited this long.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Unacknowledged batches per partition; a full window makes <c>PublishAsync</c> wait.</summary>
    public int MaxInFlightPerPartition { get; set; } = 64;

    /// <summary>A batch with no acknowledgement after this long is sent again.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sends of one batch (first send included) before the producer fails with <see cref="PublishFailedException"/>.</summary>
    public int MaxAttempts { get; set; } = 20;

    internal void Validate()
    {
        Check(MaxBatchEvents is >= 1 and <= 100_000, nameof(MaxBatchEvents), MaxBatchEvents, "1-100000");
        Check(MaxBatchBytes is >= 1024 and <= 512 * 1024, nameof(MaxBatchBytes), MaxBatchBytes, "1024-524288");
        Check(Linger >= TimeSpan.Zero && Linger <= TimeSpan.FromSeconds(10), nameof(Linger), Linger, "0-10 s");
        Check(MaxInFlightPerPartition is >= 1 and <= 10_000, nameof(MaxInFlightPerPartition), MaxInFlightPerPartition, "1-10000");
        Check(AckTimeout >= TimeSpan.FromMilliseconds(10), nameof(AckTimeout), AckTimeout, "at least 10 ms");
        Check(MaxAttempts >= 1, nameof(MaxAttempts), MaxAttempts, "at least 1");
    }

    private static void Check(bool ok, string name, object value, string allowed)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"ProducerOptions.{name} = '{value}' is not valid; allowed: {allowed}");
        }
    }
}
