using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using RealtimeGrains.Telemetry;

namespace RealtimeGrains.Streaming;

/// <summary>
/// Takes producer batches on the silo the client is connected to and calls each batch's partition grain directly, so
/// a batch crosses at most one silo boundary after the gateway (none when the partition lives here; the
/// <c>rtg.stream.batch_hops</c> histogram says which). Stateless and reentrant: batches of different partitions go
/// concurrently, not one at a time per worker. A batch whose envelope is wrong (stream or partition this silo does not
/// declare, over <c>MaxBatchBytes</c>, impossible counts or sequence) is refused here with
/// <see cref="BatchRejectedException"/>, so a hostile or confused caller cannot create streams, partition grains or
/// metric series by naming them.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class StreamIngressGrain(StreamCatalog catalog, IOptions<StreamingOptions> options, ILocalSiloDetails silo) : Grain, IStreamIngressGrain
{
    private readonly int _maxBatchBytes = options.Value.MaxBatchBytes;

    public async Task<BatchRejection?> Publish(StreamBatch batch, CancellationToken cancellationToken)
    {
        var declared = batch?.Stream is { } name && catalog.TryGet(name, out var found) ? found : null;
        var refusal = IngressCheck.Refusal(batch, declared?.Definition.Partitions, _maxBatchBytes);
        if (refusal is not null || batch is null)
        {
            throw new BatchRejectedException(new BatchRejection
            {
                Stream = batch is null ? "" : IngressCheck.Shorten(batch.Stream ?? ""),
                Partition = batch?.Partition ?? -1,
                ProducerId = batch?.ProducerId ?? Guid.Empty,
                Sequence = batch?.Sequence ?? 0,
                Reason = BatchRejectReason.Malformed,
                Detail = refusal ?? "the batch is missing",
            });
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
            return BatchRejection.Of(batch, ex);
        }
    }
}
