using Orleans.Concurrency;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Streaming;

/// <summary>
/// Takes producer batches on the silo the client is connected to and calls each batch's partition grain directly, so
/// a batch crosses at most one silo boundary after the gateway (none when the partition lives here; the
/// <c>rtg.stream.batch_hops</c> histogram says which). Stateless and reentrant: batches of different partitions go
/// concurrently, not one at a time per worker. A batch for a stream or partition this silo does not declare is refused
/// here, so a hostile or confused caller cannot create streams, partition grains or metric series by naming them.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class StreamIngressGrain(StreamCatalog catalog, ILocalSiloDetails silo) : Grain, IStreamIngressGrain
{
    public async Task<BatchRejection?> Publish(StreamBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!catalog.TryGet(batch.Stream, out var declared) || batch.Partition < 0 || batch.Partition >= declared.Definition.Partitions)
        {
            var undeclared = Rejection(batch, BatchRejectReason.Malformed, $"stream '{batch.Stream}' partition {batch.Partition} is not declared on this silo");
            batch.ReplyTo?.OnRejected(undeclared).Ignore();
            return undeclared;
        }

        var partition = GrainFactory.GetGrain<IPartitionGrain>(PartitionGrainKey.Format(batch.Stream, batch.Partition));
        try
        {
            // Cancelled when the client gave up on this attempt (its gateway went away, or the attempt timed out):
            // the batch may still be applied and acknowledged, and the producer's resend is then a duplicate.
            var at = await partition.Ingest(batch).WaitAsync(cancellationToken);
            StreamMetrics.BatchHops.Record(at.Equals(silo.SiloAddress) ? 0 : 1, new KeyValuePair<string, object?>("stream", batch.Stream));
            return null;
        }
        catch (BatchRejectedException ex)
        {
            return Rejection(batch, ex.Reason, ex.Message);
        }
    }

    private static BatchRejection Rejection(StreamBatch batch, BatchRejectReason reason, string detail) => new()
    {
        Stream = batch.Stream,
        Partition = batch.Partition,
        ProducerId = batch.ProducerId,
        Sequence = batch.Sequence,
        Reason = reason,
        Detail = detail,
    };
}
