using System.Globalization;

namespace RealtimeGrains.Streaming;

/// <summary>
/// What the ingress checks before a batch goes on a stream queue: only the envelope (declared target, size, counts),
/// never the events (the CRC is end to end: the partition checks it, then the events). Pure code.
/// </summary>
internal static class IngressCheck
{
    /// <summary>Bytes of the smallest packed event: a one-byte header, a one-byte key, a one-byte payload length.</summary>
    public const int MinEventBytes = 3;

    /// <summary>Why the batch is refused, or null. <paramref name="partitions"/> is null when the stream is not declared.</summary>
    public static string? Refusal(StreamBatch? batch, int? partitions, int maxBatchBytes)
    {
        if (batch is null)
        {
            return "the batch is missing";
        }

        if (batch.Stream is null || batch.Events is null)
        {
            return batch.Stream is null ? "the batch names no stream" : "the batch has no events array";
        }

        return partitions switch
        {
            null => $"stream '{Shorten(batch.Stream)}' is not declared on this silo",
            { } n when batch.Partition < 0 || batch.Partition >= n => Invariant($"partition {batch.Partition} is not one of the stream's {n} partitions (0-{n - 1})"),
            _ when batch.Events.Length > maxBatchBytes => Invariant($"{batch.Events.Length} bytes of events are over the limit of {maxBatchBytes} bytes (RealtimeGrains:Streaming:MaxBatchBytes)"),
            _ when batch.Count < 1 || batch.Count > batch.Events.Length / MinEventBytes => Invariant($"a count of {batch.Count} events is impossible in {batch.Events.Length} bytes"),
            _ when batch.Sequence < 1 || batch.AcknowledgedUpTo < 0 || batch.AcknowledgedUpTo >= batch.Sequence =>
                Invariant($"sequence {batch.Sequence} with {batch.AcknowledgedUpTo} acknowledged is impossible (sequences start at 1, and only earlier ones can be acknowledged)"),
            _ => null,
        };
    }

    /// <summary>A name as it goes into a message: at most 100 characters.</summary>
    public static string Shorten(string name) => name.Length <= 100 ? name : string.Concat(name.AsSpan(0, 100), "…");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
