using System.Text;
using RealtimeGrains.Streaming;

namespace RealtimeGrains.ClusterTests.Streaming;

/// <summary>Builds and sends batches by hand, to test what a partition grain does with odd ones.</summary>
internal sealed class HandMadeBatches(IClusterClient client, IBatchAckObserver replyTo)
{
    public Guid ProducerId { get; } = Guid.NewGuid();

    public StreamBatch Build(string stream, int partition, long sequence, params string[] keys)
    {
        var writer = new EventWriter();
        foreach (var key in keys)
        {
            writer.Append(Encoding.UTF8.GetBytes(key), "x"u8);
        }

        var events = writer.ToArray();
        var batch = new StreamBatch
        {
            Stream = stream,
            ProducerId = ProducerId,
            Sequence = sequence,
            Partition = partition,
            Count = writer.Count,
            Events = events,
            ReplyTo = replyTo,
        };
        return Resealed(batch);
    }

    /// <summary>The batch with its CRC computed again, after a test changed a field on purpose.</summary>
    public static StreamBatch Resealed(StreamBatch batch) => batch with { Crc = BatchCodec.ComputeCrc(batch) };

    /// <summary>Hands the batch to a partition grain (its own, or the one a test names) and waits for its checkpoint or refusal, which the observer hears of too.</summary>
    public async Task SendAsync(StreamBatch batch, string? toStream = null, int? toPartition = null)
    {
        try
        {
            await client.GetGrain<IPartitionGrain>(PartitionGrainKey.Format(toStream ?? batch.Stream, toPartition ?? batch.Partition)).Ingest(batch);
        }
        catch (BatchRejectedException)
        {
            // Refusals are what these tests look for, through the observer.
        }
    }
}
